using OpenAccess.Testing;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>
/// Configs at the extremes through the consumer: every model gets a stored profile and an event, the figures that could
/// not be computed are unknown with the reason in its notes, and no delivery faults (so nothing reaches <c>_error</c>).
/// </summary>
public sealed class ProfileExtremesTests : EvaluatorApiTest
{
    [Fact]
    public async Task Two_billion_layers_are_unknown_not_a_wrapped_parameter_count()
    {
        var profile = await Profile("extreme/layers", c => c with { NumHiddenLayers = 2_143_297_521 });

        // Was parameters.total = 8,600,424,448: the 64-bit wrap of about 1.8·10^19.
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("parameters").ValueKind);
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("shape").ValueKind);
        Assert.Empty(profile.GetProperty("resourcing").EnumerateArray());
        Assert.Contains(Notes(profile), n => n.Contains("num_hidden_layers (config.numHiddenLayers) is 2,143,297,521; accepted: 1 to 100,000"));
        Assert.Contains(Notes(profile), n => n.StartsWith("No parameter count:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_what_if_of_a_stored_model_with_an_unusable_config_is_answered_without_its_cache()
    {
        await Profile("extreme/stored", c => c with { NumHiddenLayers = 2_143_297_521 }, parameters: ModelEvents.Llama8BParameters);

        using var response = await http.PostAsJsonAsync("/what-if", new { modelId = "extreme/stored" });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.IsSuccessStatusCode, answer.ToString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("kvCache").ValueKind);
        Assert.Equal(16_060_522_496, answer.GetProperty("memory").GetProperty("weights").GetProperty("bytes").GetInt64());
        Assert.Contains(answer.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("num_hidden_layers (config.numHiddenLayers) is 2,143,297,521"));
    }

    [Fact]
    public async Task Every_number_at_its_32_bit_maximum_still_gives_a_profile_saying_what_is_unknown()
    {
        var profile = await Profile("extreme/maximal", _ => Everything(int.MaxValue));

        Assert.Equal(JsonValueKind.Null, profile.GetProperty("shape").ValueKind);
        Assert.Equal("OpenWithUseRestrictions", profile.GetProperty("licence").GetString());
        var notes = Notes(profile);
        Assert.Contains(notes, n => n.StartsWith("The config cannot be used:", StringComparison.Ordinal));
        foreach (var key in new[] { "vocab_size", "intermediate_size", "max_position_embeddings", "sliding_window", "num_experts", "kv_lora_rank" })
            Assert.Contains(notes, n => n.Contains($"{key} (config.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Negative_and_zero_numbers_are_unknown_with_their_reasons()
    {
        var profile = await Profile("extreme/negative", _ => Everything(-1) with { NumAttentionHeads = 0 });

        var notes = Notes(profile);
        Assert.Contains(notes, n => n.Contains("num_attention_heads (config.numAttentionHeads) is 0"));
        Assert.Contains(notes, n => n.Contains("vocab_size (config.vocabSize) is -1"));
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("parameters").ValueKind);
    }

    [Fact]
    public async Task A_config_whose_parameter_formula_overflows_keeps_its_shape_and_says_the_count_is_unknown()
    {
        // Each number within its plausible range; their product is not within 64 bits.
        var profile = await Profile("extreme/formula", c => c with
        {
            NumHiddenLayers = 100_000, HiddenSize = 1_000_000, IntermediateSize = 1_000_000, VocabSize = 100_000_000, NumExperts = 100_000,
        });

        Assert.Equal(100_000, profile.GetProperty("shape").GetProperty("layers").GetInt32());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("parameters").ValueKind);
        Assert.Contains(Notes(profile), n => n.Contains("The parameter count from the config is too large to compute"));
        // The cache is still computed: 100,000 layers · 2 · 8 KV heads · 128 · 2 B = 409,600,000 B a token, × 131,072 tokens.
        Assert.Equal(53_687_091_200_000, profile.GetProperty("kvCache").GetProperty("total").GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task A_cache_too_large_to_hold_leaves_memory_uncomputed_and_says_so()
    {
        // 10^5 layers · 10^5 KV heads · 10^6 head dimension at 10^9 tokens: far beyond 2^63 bytes.
        var profile = await Profile("extreme/cache", c => c with
        {
            NumHiddenLayers = 100_000, NumAttentionHeads = 100_000, NumKeyValueHeads = 100_000, HeadDim = 1_000_000, MaxPositionEmbeddings = 1_000_000_000,
        }, parameters: ModelEvents.Llama8BParameters);

        Assert.Equal(ModelEvents.Llama8BParameters, profile.GetProperty("parameters").GetProperty("total").GetInt64());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("kvCache").ValueKind);
        Assert.Empty(profile.GetProperty("resourcing").EnumerateArray());
        Assert.Contains(Notes(profile), n => n.StartsWith("No KV cache: The KV cache of 1 × 1,000,000,000 tokens is", StringComparison.Ordinal) && n.Contains("Memory is not computed"));
    }

    [Fact]
    public async Task An_absurd_context_is_unknown_and_the_rest_of_the_profile_is_computed()
    {
        var profile = await Profile(ModelEvents.Llama8BId, c => c with { MaxPositionEmbeddings = 2_000_000_000 }, parameters: ModelEvents.Llama8BParameters);

        Assert.Contains(Notes(profile), n => n.StartsWith("Taken as unknown: The config's max_position_embeddings", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("context").GetProperty("maxTokens").ValueKind);
        // The cache falls back to 4,096 tokens; every precision has its figures.
        Assert.Equal(4_096, profile.GetProperty("kvCache").GetProperty("contextTokens").GetInt32());
        Assert.Equal(6, profile.GetProperty("resourcing").GetArrayLength());
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(-5L)]
    public async Task An_implausible_safetensors_count_is_ignored_for_the_configs(long count)
    {
        var profile = await Profile(ModelEvents.Llama8BId, c => c, parameters: count);

        Assert.Equal(("Config", 8_030_261_248L), (profile.GetProperty("parameters").GetProperty("source").GetString(), profile.GetProperty("parameters").GetProperty("total").GetInt64()));
        Assert.Contains(Notes(profile), n => n.StartsWith("The safetensors parameter count", StringComparison.Ordinal) && n.Contains("is ignored"));
    }

    [Fact]
    public async Task A_size_in_the_name_beyond_every_number_is_no_size()
    {
        var profile = await Profile("extreme/Model-99999999999999999999999999999999999B", _ => new ModelConfigSummary());

        Assert.Equal(JsonValueKind.Null, profile.GetProperty("parameters").ValueKind);
        var plausible = await Profile("extreme/Model-9000000T", _ => new ModelConfigSummary());
        Assert.Contains(Notes(plausible), n => n.Contains("read from the model's name, 9,000,000,000,000,000,000, is beyond the plausible"));
    }

    static ModelConfigSummary Everything(int value) => new()
    {
        NumHiddenLayers = value, NumAttentionHeads = value, NumKeyValueHeads = value, HeadDim = value, HiddenSize = value, SlidingWindow = value,
        KvLoraRank = value, QLoraRank = value, QkRopeHeadDim = value, NumExperts = value, NumExpertsPerToken = value, NumSharedExperts = value,
        MaxPositionEmbeddings = value, IntermediateSize = value, MoeIntermediateSize = value, VocabSize = value, FirstKDenseReplace = value,
        QkNopeHeadDim = value, VHeadDim = value, RopeScalingFactor = value, RopeScalingOriginalMaxPositionEmbeddings = value,
    };

    static IReadOnlyList<string> Notes(JsonElement profile) => profile.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();

    /// <summary>Publishes Llama-3.1-8B's discovery with its config changed, waits for it, and returns the stored profile.</summary>
    async Task<JsonElement> Profile(string id, Func<ModelConfigSummary, ModelConfigSummary> change, long? parameters = null)
    {
        var discovered = ModelEvents.FromFixture(ConfigFixture.Llama8B, id, license: "llama3.1", parameters: parameters);
        await factory.Bus.PublishModels(discovered with { Config = change(discovered.Config!) });
        // HandledAsync fails on any fault of a delivery: a consumer that threw would send the message to _error.
        await bus.HandledAsync(id, 1);

        var stored = await http.GetFromJsonAsync<JsonElement>($"/models/{id}");
        Assert.Contains(bus.PublishedFor(id), e => e.ModelId == id);
        return stored.GetProperty("profile");
    }
}
