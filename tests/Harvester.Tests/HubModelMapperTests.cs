using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;

namespace OpenAccess.Harvester.Tests;

public class HubModelMapperTests
{
    [Fact]
    public void Merge_with_two_parents_keeps_both_with_the_merge_relation()
    {
        var result = Map(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-api", "model-info-merge-two-parents.json")));

        Assert.Null(result.Error);
        var model = result.Model!;
        Assert.Equal("OrionLLM/GRM-2.6-Opus", model.Id);
        Assert.Equal(
            [new BaseModelLink("OrionLLM/GRM-2.6-Plus", BaseModelRelation.Merge), new BaseModelLink("rico03/Qwen3.6-27B-Claude-Opus-Reasoning-Distilled", BaseModelRelation.Merge)],
            model.BaseModels);
        Assert.Equal(27781427952, model.ParameterCount);
        Assert.Equal(27781427952, model.ParametersByDtype["BF16"]);
        Assert.Equal(new DateTimeOffset(2026, 5, 7, 23, 25, 30, TimeSpan.Zero), model.CreatedAt);
        Assert.Equal("apache-2.0", model.License);
        Assert.Equal("image-text-to-text", model.PipelineTag);
        Assert.False(model.Gated);
        Assert.Null(model.Config);
    }

    [Fact]
    public void Real_finetune_maps_its_parent_and_a_body_cut_short_is_refused()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-api", "model-info-finetune-truncated.json"));

        var model = Map(text).Model!;
        Assert.Equal([new BaseModelLink("meta-llama/Llama-3.1-8B", BaseModelRelation.Finetune)], model.BaseModels);
        Assert.True(model.Gated);
        Assert.Equal("llama3.1", model.License);

        var cut = SnapshotReader.Parse(text[..(text.Length / 2)]);
        Assert.Null(cut.Model);
        Assert.StartsWith("not valid JSON", cut.Error);
    }

    [Fact]
    public void Real_list_entry_maps_without_parents()
    {
        var model = Map(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-api", "list-entry.json"))).Model!;

        Assert.Equal("JetBrains/Mellum2-12B-A2.5B-Thinking", model.Id);
        Assert.Equal("JetBrains", model.Author);
        Assert.Equal("ba4838faad89e968c36f39e76e95319d756714fe", model.Sha);
        Assert.Equal(3516, model.Downloads);
        Assert.Equal(288, model.Likes);
        Assert.Equal("apache-2.0", model.License);
        Assert.Empty(model.BaseModels);
    }

    [Theory]
    [InlineData("base_model:adapter:meta-llama/Llama-2-7b-hf", BaseModelRelation.Adapter)]
    [InlineData("base_model:quantized:meta-llama/Llama-2-7b-hf", BaseModelRelation.Quantized)]
    [InlineData("base_model:finetune:meta-llama/Llama-2-7b-hf", BaseModelRelation.Finetune)]
    [InlineData("base_model:merge:meta-llama/Llama-2-7b-hf", BaseModelRelation.Merge)]
    public void Relation_comes_from_the_typed_tag(string tag, BaseModelRelation relation)
    {
        var result = Map($$"""{"id":"someone/child","tags":["base_model:meta-llama/Llama-2-7b-hf","{{tag}}"]}""");

        Assert.Equal([new BaseModelLink("meta-llama/Llama-2-7b-hf", relation)], result.Model!.BaseModels);
    }

    [Fact]
    public void Bare_tag_alone_takes_the_card_relation_else_finetune()
    {
        Assert.Equal(BaseModelRelation.Finetune, Map("""{"id":"a/b","tags":["base_model:x/y"]}""").Model!.BaseModels.Single().Relation);
        Assert.Equal(BaseModelRelation.Adapter,
            Map("""{"id":"a/b","tags":["base_model:x/y"],"cardData":{"base_model_relation":"adapter"}}""").Model!.BaseModels.Single().Relation);
    }

    [Fact]
    public void Card_base_model_is_used_when_tags_name_no_parent()
    {
        var model = Map("""{"id":"a/b","tags":[],"cardData":{"base_model":"x/y","base_model_relation":"quantized"}}""").Model!;
        Assert.Equal([new BaseModelLink("x/y", BaseModelRelation.Quantized)], model.BaseModels);
    }

    [Fact]
    public void Self_parent_is_dropped_with_a_warning()
    {
        var result = Map("""{"id":"a/b","tags":["base_model:finetune:a/b","base_model:finetune:c/d"]}""");
        Assert.Equal([new BaseModelLink("c/d", BaseModelRelation.Finetune)], result.Model!.BaseModels);
        Assert.Contains(result.Warnings, w => w.Contains("self-parent"));
    }

    [Theory]
    [InlineData("""{"author":"x"}""", "missing 'id'")]
    [InlineData("""{"id":"https://huggingface.co/a/b"}""", "not a Hub model id")]
    [InlineData("""[1,2]""", "expected a JSON object")]
    [InlineData("""{"id":"a/b" """, "not valid JSON")]
    public void Bad_records_are_refused_with_a_reason(string line, string reason)
    {
        var result = SnapshotReader.Parse(line);
        Assert.Null(result.Model);
        Assert.Contains(reason, result.Error);
    }

    [Fact]
    public void Snake_case_crawl_fields_and_gated_strings_are_read()
    {
        var model = Map("""{"id":"meta-llama/Llama-2-7b","created_at":"2023-07-09 07:34:35+00:00","gated":"manual","tags":["license:llama2"],"cardData":{"language":["en"]}}""").Model!;
        Assert.True(model.Gated);
        Assert.Equal("llama2", model.License);
        Assert.Equal(["en"], model.Languages);
        Assert.Equal(new DateTimeOffset(2023, 7, 9, 7, 34, 35, TimeSpan.Zero), model.CreatedAt);
        Assert.Equal("meta-llama", model.Author);
    }

    [Fact]
    public void License_other_carries_the_cards_license_name_and_link()
    {
        // The card fields of meta-llama/Llama-4-Scout-17B-16E and of a google/gemma-7b derivative in the bundled snapshot.
        var scout = Map("""{"id":"meta-llama/Llama-4-Scout-17B-16E","tags":["license:other"],"cardData":{"license":"other","license_name":"llama4"}}""").Model!;
        Assert.Equal(("other", "llama4", (string?)null), (scout.License, scout.LicenseName, scout.LicenseLink));
        var gemma = Map("""{"id":"a/gemma-7b-ft","cardData":{"license":"other","license_name":"gemma-terms-of-use","license_link":"https://ai.google.dev/gemma/terms"}}""").Model!;
        Assert.Equal(("gemma-terms-of-use", "https://ai.google.dev/gemma/terms"), (gemma.LicenseName, gemma.LicenseLink));
    }

    [Fact]
    public void Config_fields_for_memory_math_are_read_from_the_real_deepseek_config()
    {
        // ../shared/data/configs/deepseek-ai__DeepSeek-V3.json, fields as published.
        var model = Map("""
            {"id":"deepseek-ai/DeepSeek-V3","config":{"architectures":["DeepseekV3ForCausalLM"],"model_type":"deepseek_v3","num_hidden_layers":61,"num_attention_heads":128,"num_key_value_heads":128,
             "hidden_size":7168,"kv_lora_rank":512,"q_lora_rank":1536,"qk_rope_head_dim":64,"n_routed_experts":256,"num_experts_per_tok":8,"n_shared_experts":1,"max_position_embeddings":163840,
             "torch_dtype":"bfloat16","quantization_config":{"quant_method":"fp8"}}}
            """).Model!;
        Assert.Equal("deepseek_v3", model.ModelType);
        Assert.Equal(["DeepseekV3ForCausalLM"], model.Architectures);
        Assert.Equal(61, model.Config!.NumHiddenLayers);
        Assert.Equal(512, model.Config.KvLoraRank);
        Assert.Equal(64, model.Config.QkRopeHeadDim);
        Assert.Equal(256, model.Config.NumExperts);
        Assert.Equal(8, model.Config.NumExpertsPerToken);
        Assert.Equal(163840, model.Config.MaxPositionEmbeddings);
        Assert.Equal("fp8", model.Config.QuantizationMethod);
    }

    [Theory]
    [InlineData("\"id\":\"a/b\",\"cardData\":{\"license\":\"mit\xFF\"}")] // a byte no UTF-8 text has, in a string
    [InlineData("\"id\":\"a/\xC3\"")] // a character cut in half, in the id
    public void A_record_that_is_not_valid_UTF8_is_refused_with_that_reason_not_stored(string body)
    {
        var line = System.Text.Encoding.Latin1.GetBytes("{" + body + "}");

        var record = ModelRecordReader.Read(line);

        Assert.Equal((null, "not valid UTF-8"), (record.Model, record.Rejection));
        Assert.Equal(line, record.Utf8); // kept as received for the quarantine
    }

    [Fact]
    public void A_record_is_kept_as_the_UTF8_bytes_of_its_line()
    {
        var line = System.Text.Encoding.UTF8.GetBytes("""{"id":"a/b","cardData":{"license":"mit","pretty_name":"Ünï 😀 \u00e9"}}""");

        var record = ModelRecordReader.Read(line);

        Assert.Equal(line, record.Utf8);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(line), record.Raw);
    }

    static MappingResult Map(string json)
    {
        using var document = JsonDocument.Parse(json);
        return HubModelMapper.Map(document.RootElement);
    }

    [Fact]
    public void Real_llama_config_gives_the_fields_parameter_and_context_arithmetic_needs()
    {
        var config = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "configs", "meta-llama__Llama-3.1-8B.json"));
        var summary = Map($$"""{"id":"meta-llama/Llama-3.1-8B","config":{{config}}}""").Model!.Config!;

        Assert.Equal((32, 32, 8, 4096, 14336, 128256), (summary.NumHiddenLayers!.Value, summary.NumAttentionHeads!.Value, summary.NumKeyValueHeads!.Value,
            summary.HiddenSize!.Value, summary.IntermediateSize!.Value, summary.VocabSize!.Value));
        Assert.Equal((8.0, 8192, 131072), (summary.RopeScalingFactor!.Value, summary.RopeScalingOriginalMaxPositionEmbeddings!.Value, summary.MaxPositionEmbeddings!.Value));
        Assert.False(summary.TieWordEmbeddings);
        Assert.Equal("bfloat16", summary.TorchDtype);
    }

    [Theory]
    [InlineData("{\"foo\":1,\"architectures\":[\"X\"]}", null)]
    [InlineData("{\"layer_types\":[]}", "layer_types")]
    [InlineData("{\"tie_word_embeddings\":false}", "tie_word_embeddings")]
    [InlineData("{\"text_config\":{\"num_hidden_layers\":32}}", "num_hidden_layers")]
    public void A_config_gives_a_summary_only_with_a_field_the_memory_math_reads(string config, string? field)
    {
        var summary = Map($"{{\"id\":\"a/b\",\"config\":{config}}}").Model!.Config;

        Assert.Equal(field is null, summary is null);
    }
}
