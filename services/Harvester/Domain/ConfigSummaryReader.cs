using System.Text.Json;
using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Domain;

/// <summary>
/// Reads the memory-relevant fields of a model's <c>config.json</c>. Multimodal configs nest the
/// language model under <c>text_config</c> (Llama 4, Gemma 3): its fields win when present.
/// </summary>
public static class ConfigSummaryReader
{
    public static ModelConfigSummary? Read(JsonElement? config)
    {
        if (config is not { } root)
        {
            return null;
        }

        var nested = HubModelMapper.Obj(root, "text_config");
        var text = nested ?? root;
        int? I(params ReadOnlySpan<string> names) => (nested is { } n ? Int(n, names) : null) ?? Int(root, names);

        var summary = new ModelConfigSummary
        {
            NumHiddenLayers = I("num_hidden_layers", "n_layer", "num_layers"),
            NumAttentionHeads = I("num_attention_heads", "n_head"),
            NumKeyValueHeads = I("num_key_value_heads", "num_kv_heads"),
            HeadDim = I("head_dim"),
            HiddenSize = I("hidden_size", "n_embd", "d_model"),
            SlidingWindow = I("sliding_window"),
            KvLoraRank = I("kv_lora_rank"),
            QLoraRank = I("q_lora_rank"),
            QkRopeHeadDim = I("qk_rope_head_dim"),
            NumExperts = I("n_routed_experts", "num_local_experts", "num_experts"),
            NumExpertsPerToken = I("num_experts_per_tok"),
            NumSharedExperts = I("n_shared_experts"),
            MaxPositionEmbeddings = I("max_position_embeddings", "n_positions"),
            TorchDtype = (nested is { } n1 ? HubModelMapper.Str(n1, "torch_dtype") : null) ?? HubModelMapper.Str(root, "torch_dtype"),
            QuantizationMethod = HubModelMapper.Obj(root, "quantization_config") is { } q ? HubModelMapper.Str(q, "quant_method") : null,
            QuantizationBits = HubModelMapper.Obj(root, "quantization_config") is { } q2 ? Int(q2, "bits") : null,
            IntermediateSize = I("intermediate_size", "n_inner"),
            MoeIntermediateSize = I("moe_intermediate_size"),
            VocabSize = I("vocab_size"),
            TieWordEmbeddings = (nested is { } n2 ? Bool(n2, "tie_word_embeddings") : null) ?? Bool(root, "tie_word_embeddings"),
            FirstKDenseReplace = I("first_k_dense_replace"),
            QkNopeHeadDim = I("qk_nope_head_dim"),
            VHeadDim = I("v_head_dim"),
            RopeScalingFactor = HubModelMapper.Obj(text, "rope_scaling") is { } rope && rope.TryGetProperty("factor", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetDouble() : null,
            RopeScalingOriginalMaxPositionEmbeddings = HubModelMapper.Obj(text, "rope_scaling") is { } rope2 ? Int(rope2, "original_max_position_embeddings") : null,
            UseSlidingWindow = Bool(text, "use_sliding_window"),
            LayerTypes = text.TryGetProperty("layer_types", out var types) && types.ValueKind == JsonValueKind.Array
                ? types.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToArray()
                : null,
        };
        return IsEmpty(summary) ? null : summary;
    }

    static readonly ModelConfigSummary Empty = new();

    // A record compares its list by reference, so the one list is checked apart and every other field by the record's equality.
    static bool IsEmpty(ModelConfigSummary summary) => summary.LayerTypes is null && summary == Empty;

    static bool? Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    static int? Int(JsonElement e, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n))
            {
                return n;
            }
        }

        return null;
    }
}
