using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Tests.Fixtures;

/// <summary>
/// Loads a fixture config.json the way the service sees it: the <see cref="ModelConfigSummary"/> the Harvester reads
/// (same keys as its <c>ConfigSummaryReader</c>) plus <c>model_type</c>, mapped by the domain.
/// </summary>
public static class ConfigFixture
{
    public const string Llama8B = "meta-llama__Llama-3.1-8B";
    public const string Llama70B = "meta-llama__Llama-3.1-70B";
    public const string Llama405B = "meta-llama__Llama-3.1-405B";
    public const string Mistral7B = "mistralai__Mistral-7B-v0.1";
    public const string DeepSeekV3 = "deepseek-ai__DeepSeek-V3";

    public static (ModelConfigSummary Summary, string ModelType) LoadSummary(string name)
    {
        using var document = Parse(name);
        var c = document.RootElement;
        var quantization = c.TryGetProperty("quantization_config", out var q) ? q : (JsonElement?)null;
        var rope = c.TryGetProperty("rope_scaling", out var r) && r.ValueKind == JsonValueKind.Object ? r : (JsonElement?)null;
        var summary = new ModelConfigSummary
        {
            NumHiddenLayers = Int(c, "num_hidden_layers"),
            NumAttentionHeads = Int(c, "num_attention_heads"),
            NumKeyValueHeads = Int(c, "num_key_value_heads"),
            HeadDim = Int(c, "head_dim"),
            HiddenSize = Int(c, "hidden_size"),
            SlidingWindow = Int(c, "sliding_window"),
            KvLoraRank = Int(c, "kv_lora_rank"),
            QLoraRank = Int(c, "q_lora_rank"),
            QkRopeHeadDim = Int(c, "qk_rope_head_dim"),
            NumExperts = Int(c, "n_routed_experts") ?? Int(c, "num_local_experts") ?? Int(c, "num_experts"),
            NumExpertsPerToken = Int(c, "num_experts_per_tok"),
            NumSharedExperts = Int(c, "n_shared_experts"),
            MaxPositionEmbeddings = Int(c, "max_position_embeddings"),
            TorchDtype = c.TryGetProperty("torch_dtype", out var dtype) ? dtype.GetString() : null,
            QuantizationMethod = quantization is { } qc && qc.TryGetProperty("quant_method", out var method) ? method.GetString() : null,
            QuantizationBits = quantization is { } qb ? Int(qb, "bits") : null,
            IntermediateSize = Int(c, "intermediate_size"),
            MoeIntermediateSize = Int(c, "moe_intermediate_size"),
            VocabSize = Int(c, "vocab_size"),
            TieWordEmbeddings = Bool(c, "tie_word_embeddings"),
            FirstKDenseReplace = Int(c, "first_k_dense_replace"),
            QkNopeHeadDim = Int(c, "qk_nope_head_dim"),
            VHeadDim = Int(c, "v_head_dim"),
            RopeScalingFactor = rope is { } f && f.TryGetProperty("factor", out var factor) ? factor.GetDouble() : null,
            RopeScalingOriginalMaxPositionEmbeddings = rope is { } o ? Int(o, "original_max_position_embeddings") : null,
            UseSlidingWindow = Bool(c, "use_sliding_window"),
            LayerTypes = c.TryGetProperty("layer_types", out var types) && types.ValueKind == JsonValueKind.Array
                ? types.EnumerateArray().Select(t => t.GetString()!).ToArray()
                : null,
        };
        return (summary, c.GetProperty("model_type").GetString()!);
    }

    public static ModelShape LoadShape(string name)
    {
        var (summary, modelType) = LoadSummary(name);
        return ModelShapeMapper.FromConfig(summary, modelType);
    }

    private static JsonDocument Parse(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "configs", name + ".json")));

    private static bool? Bool(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    private static int? Int(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}
