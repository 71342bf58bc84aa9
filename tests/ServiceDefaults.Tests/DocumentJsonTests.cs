using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.ServiceDefaults.Tests;

public sealed class DocumentJsonTests
{
    [Fact]
    public void The_hash_of_a_document_is_the_hash_of_its_JSON_text()
    {
        // Hashes stored before HashOf existed were made from the text; a different hash would republish every profile once.
        var document = new Sample("ü/naïve-模型", "“quoted” <b>&amp;</b> \u2028 emoji 🦙", ["p/q"], long.MaxValue, DateTimeOffset.UnixEpoch);

        Assert.Equal(DocumentJson.Hash(DocumentJson.Serialize(document)), DocumentJson.HashOf(document));
    }

    [Fact]
    public void The_UTF8_JSON_is_the_JSON_text_and_hashes_alike()
    {
        var document = new Sample("ü/naïve-模型", "“quoted” <b>&amp;</b> \u2028 emoji 🦙", ["p/q"], long.MaxValue, DateTimeOffset.UnixEpoch);
        var utf8 = DocumentJson.SerializeToUtf8(document);

        Assert.Equal(DocumentJson.Serialize(document), System.Text.Encoding.UTF8.GetString(utf8));
        Assert.Equal(DocumentJson.Hash(DocumentJson.Serialize(document)), DocumentJson.Hash(utf8));
        Assert.Equal(DocumentJson.HashOf(document), SerializedDocument<Sample>.Of(document.Id, document).Hash());
    }

    [Theory]
    [InlineData("ProfileHash", "profileHash")]
    [InlineData("Id", "id")]
    public void A_property_s_field_name_is_its_JSON_name(string property, string field) =>
        Assert.Equal(field, DocumentJson.FieldName(property));

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("x') OR 1=1 --")]
    public void A_field_name_that_is_not_plain_is_refused(string property) =>
        Assert.Throws<ArgumentException>(() => DocumentJson.FieldName(property));
}
