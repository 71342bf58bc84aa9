using OpenAccess.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>Profiles as a subscriber and a reader see them: <c>ModelDiscovered</c> in, <c>AccessProfileUpdated</c> out, the profile over HTTP.</summary>
public sealed class ProfileServiceTests : EvaluatorApiTest
{
    [Fact]
    public async Task Llama_8B_gets_a_profile_with_its_figures_and_their_inputs_and_one_event()
    {
        await factory.Bus.PublishModels(ModelEvents.Llama8B());
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);

        var stored = await http.GetFromJsonAsync<JsonElement>("/models/meta-llama/Llama-3.1-8B");
        var profile = stored.GetProperty("profile");
        Assert.Equal("rev-1", stored.GetProperty("revision").GetString());
        Assert.Equal(ModelEvents.Llama8BParameters, profile.GetProperty("parameters").GetProperty("total").GetInt64());
        Assert.Equal("Safetensors", profile.GetProperty("parameters").GetProperty("source").GetString());
        // The cache is sized for the model's own 131,072 tokens: 32 layers · 8 KV heads · 128 · 2 (K and V) · 2 B = 131,072 B a token.
        var cache = profile.GetProperty("kvCache");
        Assert.Equal((131_072, 131_072L), (cache.GetProperty("contextTokens").GetInt32(), cache.GetProperty("bytesPerToken").GetInt64()));
        Assert.Equal(16.0, cache.GetProperty("total").GetProperty("gibibytes").GetDouble());
        Assert.Equal((32, 8, 128), (profile.GetProperty("shape").GetProperty("layers").GetInt32(),
            profile.GetProperty("shape").GetProperty("keyValueHeads").GetInt32(), profile.GetProperty("shape").GetProperty("headDim").GetInt32()));
        Assert.Equal(8.0, profile.GetProperty("context").GetProperty("ropeScalingFactor").GetDouble());
        Assert.Equal(8_192, profile.GetProperty("context").GetProperty("pretrainedTokens").GetInt32());
        Assert.Equal(700, profile.GetProperty("gpu").GetProperty("tdpWatts").GetInt32());

        // BF16: (16,060,522,496 B of weights + 16 GiB of cache) × 1.2 = 39.89 GB: one H100, $25,000, 0.7 kW all year.
        var bf16 = profile.GetProperty("resourcing").EnumerateArray().Single(r => r.GetProperty("precision").GetString() == "Bf16");
        Assert.Equal(16_060_522_496, bf16.GetProperty("memory").GetProperty("weights").GetProperty("bytes").GetInt64());
        Assert.Equal(39.89, Math.Round(bf16.GetProperty("memory").GetProperty("total").GetProperty("gigabytes").GetDouble(), 2));
        Assert.Equal(1, bf16.GetProperty("gpus").GetProperty("byMemory").GetInt32());
        Assert.Equal(25_000m, bf16.GetProperty("capexUsd").GetDecimal());
        var usAverage = bf16.GetProperty("energyPerYear").EnumerateArray().Single(e => e.GetProperty("regionId").GetString() == "us-average");
        Assert.Equal(0.177m, usAverage.GetProperty("pricePerKwhUsd").GetDecimal());
        Assert.Equal(6_132m, usAverage.GetProperty("cost").GetProperty("kilowattHours").GetDecimal());

        var updated = Assert.Single(bus.Published);
        Assert.Equal(ModelEvents.Llama8BId, updated.Message.ModelId);
        Assert.Equal(("rev-1", ModelEvents.Llama8BParameters, "safetensors"), (updated.Message.Revision, updated.Message.ParameterCount, updated.Message.ParameterSource));
        Assert.Equal((16_060_522_496L, 131_072L), (updated.Message.WeightsBytesBf16, updated.Message.KvCacheBytesPerToken));
        // 16.06 GB × 1.2 = 19.27 GB of weights and overhead fit one 80 GB H100.
        Assert.Equal(1, updated.Message.MinimumH100);
        Assert.Equal(("restricted", true, 131_072), (updated.Message.LicenseClass, updated.Message.Gated, updated.Message.ContextLength));
        Assert.NotNull(updated.MessageId);
    }

    [Theory]
    [InlineData("META-LLAMA/LLAMA-3.1-8B")]
    [InlineData("Meta-Llama/llama-3.1-8b")]
    public async Task A_model_is_found_by_any_spelling_of_its_id_and_answered_with_the_stored_one(string asked)
    {
        await factory.Bus.PublishModels(ModelEvents.Llama8B());
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);

        var profile = await http.GetStringAsync($"/models/{asked}");
        var compared = await http.GetFromJsonAsync<JsonElement>($"/compare?ids={asked},{ModelEvents.Llama8BId}");
        using var whatIf = await http.PostAsJsonAsync("/what-if", new { modelId = asked, contextTokens = 8_192 });

        Assert.Equal(await http.GetStringAsync($"/models/{ModelEvents.Llama8BId}"), profile);
        Assert.Equal([ModelEvents.Llama8BId], compared.EnumerateArray().Select(p => p.GetProperty("modelId").GetString())); // one model, once
        Assert.Equal(HttpStatusCode.OK, whatIf.StatusCode);
        Assert.Equal(ModelEvents.Llama8BId, (await whatIf.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("modelId").GetString());
        using var other = await http.GetAsync($"/models/{asked}x");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }
    [Fact]
    public async Task A_redelivered_event_changes_nothing_and_publishes_nothing()
    {
        await factory.Bus.PublishModels(ModelEvents.Llama8B());
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);
        var before = await http.GetStringAsync("/models/meta-llama/Llama-3.1-8B");

        await factory.Bus.PublishModels(ModelEvents.Llama8B());
        await bus.HandledAsync(ModelEvents.Llama8BId, 2);

        Assert.Single(bus.Published);
        Assert.Equal(before, await http.GetStringAsync("/models/meta-llama/Llama-3.1-8B"));
    }

    [Fact]
    public async Task A_new_revision_is_published_only_when_its_profile_changed()
    {
        await factory.Bus.PublishModels(ModelEvents.Llama8B("rev-1"));
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);

        // Same weights and licence in a new commit (a README edit): the profile is the same, so nothing goes out.
        await factory.Bus.PublishModels(ModelEvents.Llama8B("rev-2"));
        await bus.HandledAsync(ModelEvents.Llama8BId, 2);
        Assert.Single(bus.Published);
        Assert.Equal("rev-2", (await http.GetFromJsonAsync<JsonElement>("/models/meta-llama/Llama-3.1-8B")).GetProperty("revision").GetString());

        // Relicensed under Apache 2.0: the profile changed.
        await factory.Bus.PublishModels(ModelEvents.Llama8B("rev-3", license: "apache-2.0"));
        await bus.HandledAsync(ModelEvents.Llama8BId, 3);
        Assert.Equal(["restricted", "permissive"], bus.PublishedFor(ModelEvents.Llama8BId).Select(e => e.LicenseClass));
        Assert.NotEqual(bus.Published[0].MessageId, bus.Published[1].MessageId);
    }

    [Fact]
    public async Task A_model_twice_in_one_batch_is_profiled_stored_and_published_once_for_its_newest_revision()
    {
        var older = ModelEvents.Llama8B("rev-1");
        var newer = ModelEvents.Llama8B("rev-2", license: "apache-2.0") with { LastModified = older.LastModified!.Value.AddDays(1) };

        await factory.Bus.PublishModels(newer, older); // the newer first: the order of a batch does not decide
        await bus.HandledAsync(ModelEvents.Llama8BId, 2);

        var updated = Assert.Single(bus.Published);
        Assert.Equal(("rev-2", "permissive"), (updated.Message.Revision, updated.Message.LicenseClass));
        Assert.Equal("rev-2", (await http.GetFromJsonAsync<JsonElement>("/models/meta-llama/Llama-3.1-8B")).GetProperty("revision").GetString());
    }

    [Fact]
    public async Task Compare_shows_profiles_side_by_side_in_the_order_asked()
    {
        await factory.Bus.PublishModels(ModelEvents.Llama8B());
        await factory.Bus.PublishModels(ModelEvents.FromFixture(ConfigFixture.Mistral7B, "mistralai/Mistral-7B-v0.1"));
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);
        await bus.HandledAsync("mistralai/Mistral-7B-v0.1", 1);

        var both = await http.GetFromJsonAsync<JsonElement>("/compare?ids=mistralai/Mistral-7B-v0.1,meta-llama/Llama-3.1-8B");

        Assert.Equal(["mistralai/Mistral-7B-v0.1", ModelEvents.Llama8BId], both.EnumerateArray().Select(p => p.GetProperty("modelId").GetString()));
        // Mistral windows all 32 layers at 4,096 tokens; its 7.24 B parameters come from the config.
        var mistral = both[0].GetProperty("profile");
        Assert.Equal(32, mistral.GetProperty("kvCache").GetProperty("windowedLayers").GetInt32());
        Assert.Equal("Config", mistral.GetProperty("parameters").GetProperty("source").GetString());
    }

    [Fact]
    public async Task Unknown_models_get_404_problem_details_naming_them()
    {
        await factory.Bus.PublishModels(ModelEvents.Llama8B());
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);

        foreach (var path in new[] { "/models/nobody/nothing", "/models/nothing", $"/compare?ids={ModelEvents.Llama8BId},nobody/nothing" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("nothing'", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        using var empty = await http.GetAsync("/compare?ids=");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }
}
