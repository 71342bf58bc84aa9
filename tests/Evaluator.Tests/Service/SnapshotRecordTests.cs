using OpenAccess.Testing;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>The bundled snapshot's Llama-4-Scout record through the consumer: its experts from the name, its licence from the card's license_name.</summary>
public sealed class SnapshotRecordTests : EvaluatorApiTest
{
    [Fact]
    public async Task Llama_4_Scout_is_a_17_B_active_mixture_of_experts_under_the_Llama_4_licence_not_dense_and_unknown()
    {
        var scout = ScoutRecord();
        await factory.Bus.PublishModels(scout);
        await bus.HandledAsync(scout.Id, 1);

        var profile = (await http.GetFromJsonAsync<JsonElement>($"/models/{scout.Id}")).GetProperty("profile");
        var parameters = profile.GetProperty("parameters");
        Assert.Equal(108_641_793_536, parameters.GetProperty("total").GetInt64());
        Assert.InRange(parameters.GetProperty("active").GetInt64() / 17e9, 0.99, 1.01);
        Assert.Equal(("ModelName", 16), (parameters.GetProperty("experts").GetProperty("source").GetString(), parameters.GetProperty("experts").GetProperty("routedExperts").GetInt32()));

        Assert.Equal("OpenWithUseRestrictions", profile.GetProperty("licence").GetString());
        var licence = profile.GetProperty("licenceDetail");
        Assert.Equal("Llama 4 Community License", licence.GetProperty("name").GetString());
        Assert.Equal("license: other; license_name: llama4", licence.GetProperty("evidence").GetString());
        Assert.Contains("700 million monthly active users", licence.GetProperty("terms").GetString());

        var updated = Assert.Single(bus.PublishedFor(scout.Id));
        Assert.Equal(("restricted", "Llama 4 Community License", "name"), (updated.LicenseClass, updated.LicenseName, updated.ActiveParameterSource));
        Assert.Equal(parameters.GetProperty("active").GetInt64(), updated.ActiveParameterCount);
        Assert.False(updated.ExpertsContradicted);
    }

    /// <summary>The fields of the record the Evaluator reads, as the Harvester's mapper takes them (card license, license_name, safetensors total).</summary>
    static ModelDiscovered ScoutRecord()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "records", "meta-llama__Llama-4-Scout-17B-16E.json")));
        var r = json.RootElement;
        var card = r.GetProperty("cardData");
        return new ModelDiscovered
        {
            Id = r.GetProperty("id").GetString()!,
            Author = r.GetProperty("author").GetString()!,
            Sha = r.GetProperty("sha").GetString(),
            LastModified = r.GetProperty("lastModified").GetDateTimeOffset(),
            ParameterCount = r.GetProperty("safetensors").GetProperty("total").GetInt64(),
            ModelType = r.GetProperty("config").GetProperty("model_type").GetString(),
            License = card.GetProperty("license").GetString(),
            LicenseName = card.GetProperty("license_name").GetString(),
            Gated = r.GetProperty("gated").GetString() != "false",
            PipelineTag = r.GetProperty("pipeline_tag").GetString(),
        };
    }
}
