using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenAccess.ServiceDefaults.Storage;

/// <summary>The one JSON form documents are stored in, and the content hash that makes writes idempotent.</summary>
public static class DocumentJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize<T>(T document) => JsonSerializer.Serialize(document, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"stored {typeof(T).Name} document is null");

    /// <summary>The JSON <see cref="Serialize"/> gives, as UTF-8 bytes: what the stores write and hash, made without a string in between.</summary>
    public static byte[] SerializeToUtf8<T>(T document) => JsonSerializer.SerializeToUtf8Bytes(document, Options);

    public static string Hash(string json) => Hash(Encoding.UTF8.GetBytes(json));

    /// <summary>The hash of UTF-8 JSON: the same as <see cref="Hash(string)"/> of the same JSON as text.</summary>
    public static string Hash(ReadOnlySpan<byte> utf8Json) => Convert.ToHexStringLower(SHA256.HashData(utf8Json));

    /// <summary>The hash <see cref="Hash(string)"/> gives the JSON of <paramref name="document"/>, without making that JSON a string first.</summary>
    public static string HashOf<T>(T document) => Hash(SerializeToUtf8(document));

    /// <summary>
    /// The JSON name of a document's property (<c>nameof(StoredAccessProfile.ProfileHash)</c> → <c>profileHash</c>); refuses a
    /// name that is not plain letters and digits, since stores put it into a query.
    /// </summary>
    public static string FieldName(string property)
    {
        if (property.Length == 0 || !property.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"'{property}' is not a plain property name", nameof(property));
        }

        return Options.PropertyNamingPolicy?.ConvertName(property) ?? property;
    }
}
