using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Tests.Fixtures;

/// <summary>
/// Loads a fixture config.json the way the service will see it: the Harvester's <see cref="ModelConfigSummary"/>
/// plus <c>model_type</c>, mapped by the domain. <see cref="LoadShapeWithParameterFields"/> adds the fields the
/// parameter formula needs that the summary does not carry yet.
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
        };
        return (summary, c.GetProperty("model_type").GetString()!);
    }

    public static ModelShape LoadShape(string name)
    {
        var (summary, modelType) = LoadSummary(name);
        return ModelShapeMapper.FromConfig(summary, modelType);
    }

    public static ModelShape LoadShapeWithParameterFields(string name)
    {
        var shape = LoadShape(name);
        using var document = Parse(name);
        var c = document.RootElement;
        var rope = c.TryGetProperty("rope_scaling", out var r) && r.ValueKind == JsonValueKind.Object ? r : (JsonElement?)null;
        return shape with
        {
            VocabSize = Int(c, "vocab_size"),
            IntermediateSize = Int(c, "intermediate_size"),
            TiedEmbeddings = c.TryGetProperty("tie_word_embeddings", out var tied) && tied.GetBoolean(),
            RopeScalingFactor = rope is { } f && f.TryGetProperty("factor", out var factor) ? factor.GetDouble() : null,
            OriginalMaxPositionEmbeddings = rope is { } o ? Int(o, "original_max_position_embeddings") : null,
            LatentAttention = shape.LatentAttention is { } mla
                ? mla with { QkNopeHeadDim = Int(c, "qk_nope_head_dim"), VHeadDim = Int(c, "v_head_dim") }
                : null,
            Experts = shape.Experts is { } moe
                ? moe with { ExpertIntermediateSize = Int(c, "moe_intermediate_size"), DenseLayers = Int(c, "first_k_dense_replace") ?? 0 }
                : null,
        };
    }

    private static JsonDocument Parse(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "configs", name + ".json")));

    private static int? Int(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}
