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

        var text = HubModelMapper.Obj(root, "text_config") ?? root;
        int? I(params string[] names) => Int(text, names) ?? Int(root, names);

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
            TorchDtype = HubModelMapper.Str(text, "torch_dtype") ?? HubModelMapper.Str(root, "torch_dtype"),
            QuantizationMethod = HubModelMapper.Obj(root, "quantization_config") is { } q ? HubModelMapper.Str(q, "quant_method") : null,
            QuantizationBits = HubModelMapper.Obj(root, "quantization_config") is { } q2 ? Int(q2, "bits") : null,
        };
        return summary == new ModelConfigSummary() ? null : summary;
    }

    static int? Int(JsonElement e, params string[] names)
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
