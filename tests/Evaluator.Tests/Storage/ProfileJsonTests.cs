using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Storage;
using OpenAccess.Evaluator.Tests.Catalogues;
using OpenAccess.Evaluator.Tests.Fixtures;
using OpenAccess.Evaluator.Tests.Service;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Tests.Storage;

/// <summary>
/// The generated profile writer writes what <see cref="DocumentJson"/> writes, byte for byte: the profile's hash, the stored
/// documents and every store written before depend on those bytes.
/// </summary>
public sealed class ProfileJsonTests
{
    static readonly AccessProfileCalculator Calculator = new(CatalogueFiles.Gpus(), CatalogueFiles.EnergyPrices());

    public static TheoryData<string> Profiles => new(Cases().Select(c => c.Name));

    static IEnumerable<(string Name, ModelDiscovered Model)> Cases()
    {
        foreach (var fixture in new[] { ConfigFixture.Llama8B, ConfigFixture.Llama70B, ConfigFixture.Llama405B, ConfigFixture.Mistral7B, ConfigFixture.DeepSeekV3 })
        {
            yield return (fixture, ModelEvents.FromFixture(fixture, fixture.Replace("__", "/"), license: "llama3.1"));
        }

        yield return ("no config, a size from the name", ModelEvents.Llama8B() with { Id = "someone/tiny-1.5B-instruct", Config = null, ModelType = null, ParameterCount = null, License = "cc-by-nc-4.0" });
        yield return ("nothing known", ModelEvents.Llama8B() with { Id = "someone/unknown", Config = null, ModelType = null, ParameterCount = null, License = null, PipelineTag = null });
        // Text the encoder escapes, in the id, the licence and the notes.
        yield return ("escaped text", ModelEvents.Llama8B() with { Id = "ü/naïve-模型<script>&\"", License = "“other” \u2028", Config = null });
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_profile_is_written_as_the_stores_write_it(string name)
    {
        var model = Cases().Single(c => c.Name == name).Model;
        var profile = Calculator.Calculate(ModelResources.From(model).ToProfileInput(), new AccessProfileOptions());

        Assert.Equal(DocumentJson.Serialize(profile), System.Text.Encoding.UTF8.GetString(ProfileJson.SerializeToUtf8(profile)));
    }
}
