using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Lineage.Inference;

namespace OpenAccess.Lineage.Tests.Inference;

/// <summary>Each evidence source of parent recovery, and each rule for bad input (docs/lineage.md "Undeclared parents").</summary>
public sealed class ParentInferenceTests
{
    static readonly DateTimeOffset Day0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    static InferenceModel M(string id, int day, string? type = null, params string[] parents) =>
        new() { Id = id, Author = id.Split('/')[0], CreatedAt = Day0.AddDays(day), ModelType = type, DeclaredParents = parents };

    /// <summary>The Hub models a card names, read as the Harvester reads them for ModelDiscovered.</summary>
    static IReadOnlyList<ModelMention> Card(string text) => CardModelMentions.Scan(text, RecordLimits.Default.MaxCardScanChars, RecordLimits.Default.MaxCardModelMentions);

    static InferredLink? LinkOf(InferenceResult result, string child) => result.Links.SingleOrDefault(l => l.ChildId == child);

    [Theory]
    [InlineData("TheBloke/gemma-7b-GGUF")]
    [InlineData("someone/gemma-7b-AWQ")]
    [InlineData("someone/Gemma-7B-GPTQ")]
    [InlineData("someone/gemma-7b-4.0bpw-h6-exl2")]
    [InlineData("mlx-community/gemma-7b-MLX")]
    [InlineData("someone/gemma-7b-bnb-4bit")]
    [InlineData("someone/gemma_7b_Q4_K_M.gguf")]
    public void A_quantization_suffix_on_a_known_name_is_a_quantized_link(string child)
    {
        var result = new ParentInference().Run([M("google/gemma-7b", 0, "gemma"), M(child, 10, "gemma")]);

        var link = LinkOf(result, child);
        Assert.NotNull(link);
        Assert.Equal("google/gemma-7b", link.ParentId);
        Assert.Equal(BaseModelRelation.Quantized, link.Kind);
        // The same model type is recorded but adds nothing to a name match (the family's type agrees anyway).
        Assert.Equal(EvidenceWeights.NameFormat, link.Confidence);
        Assert.Contains(link.Evidence, e => e.Source == EvidenceSource.Name && e.Detail.Contains("format words"));
        Assert.Contains(link.Evidence, e => e.Source == EvidenceSource.ModelType);
    }

    [Fact]
    public void An_author_qualified_name_with_format_words_is_the_surest_name_link()
    {
        var result = new ParentInference().Run([M("google/gemma-7b", 0), M("google/gemma-7b-it", 1), M("PrunaAI/google-gemma-7b-AWQ-4bit-smashed", 9)]);

        var link = LinkOf(result, "PrunaAI/google-gemma-7b-AWQ-4bit-smashed")!;
        Assert.Equal("google/gemma-7b", link.ParentId);
        Assert.Equal(EvidenceWeights.NameFormatQualified, link.Confidence);
    }

    [Theory]
    [InlineData("someone/phi-2-lora", BaseModelRelation.Adapter)]
    [InlineData("someone/phi-2-qlora-merged", BaseModelRelation.Finetune)]
    [InlineData("someone/phi-2-slerp-mix", BaseModelRelation.Merge)]
    [InlineData("someone/phi-2-dolly-sft", BaseModelRelation.Finetune)]
    public void The_words_after_the_name_give_the_kind(string child, BaseModelRelation kind)
    {
        // A name that extends another model's name is weak evidence (below the default MinimumConfidence); the kind is what is tested.
        var result = new ParentInference(new InferenceOptions { MinimumConfidence = 0.1 }).Run([M("microsoft/phi-2", 0, "phi"), M(child, 5, "phi")]);

        var link = LinkOf(result, child)!;
        Assert.Equal("microsoft/phi-2", link.ParentId);
        Assert.Equal(kind, link.Kind);
    }

    [Fact]
    public void The_longest_known_name_in_the_child_wins()
    {
        var result = new ParentInference(new InferenceOptions { MinimumConfidence = 0.1 })
            .Run([M("google/gemma-7b", 0, "gemma"), M("google/gemma-7b-it", 1, "gemma"), M("x/gemma-7b-it-dolly", 5, "gemma")]);

        Assert.Equal("google/gemma-7b-it", LinkOf(result, "x/gemma-7b-it-dolly")!.ParentId);
    }

    [Fact]
    public void A_name_that_hundreds_of_models_carry_gives_no_link()
    {
        var models = new List<InferenceModel> { M("meta-llama/Llama-2-7b", 0, "llama") };
        for (var i = 0; i < 150; i++) models.Add(M($"reupload{i}/Llama-2-7b", 1 + i, "llama"));
        models.Add(M("someone/Llama-2-7b-GGUF", 400, "llama"));

        var result = new ParentInference(new InferenceOptions { MaxNameMatches = 100 }).Run(models);

        Assert.Null(LinkOf(result, "someone/Llama-2-7b-GGUF"));
        Assert.True(result.AmbiguousNames > 0);
    }

    [Fact]
    public void A_candidate_created_after_the_model_is_not_its_parent()
    {
        var result = new ParentInference().Run([M("x/gemma-7b-GGUF", 0), M("google/gemma-7b", 10)]);

        Assert.Empty(result.Links);
    }

    [Fact]
    public void A_candidate_of_another_model_type_is_not_its_parent()
    {
        var result = new ParentInference().Run([M("google/gemma-7b", 0, "gemma"), M("x/gemma-7b-GGUF", 5, "llama")]);

        Assert.Empty(result.Links);
    }

    [Fact]
    public void A_model_with_a_declared_parent_gets_no_inferred_one()
    {
        var result = new ParentInference().Run([M("google/gemma-7b", 0), M("google/gemma-7b-it", 1), M("x/gemma-7b-GGUF", 5, null, "google/gemma-7b-it")]);

        Assert.Null(LinkOf(result, "x/gemma-7b-GGUF"));
    }

    [Fact]
    public void An_inferred_link_never_closes_a_cycle()
    {
        // Undated, so time does not rule either way out: a/foo-7b declares b/foo-7b-GGUF as its parent (a real record can
        // say anything); b's name points back at a. Linking b → a would close a cycle.
        var result = new ParentInference().Run([
            new InferenceModel { Id = "a/foo-7b", DeclaredParents = ["b/foo-7b-GGUF"] },
            new InferenceModel { Id = "b/foo-7b-GGUF" },
        ]);

        Assert.Empty(result.Links);
        Assert.Equal(1, result.CycleRefused);
    }

    [Fact]
    public void Two_inferred_links_never_make_a_cycle_between_them()
    {
        var result = new ParentInference().Run([new InferenceModel { Id = "a/foo-bar-lora" }, new InferenceModel { Id = "b/foo-bar" },
            new InferenceModel { Id = "c/foo-bar-lora-GGUF" }, new InferenceModel { Id = "d/x", CardMentions = Card("fine-tuned from c/foo-bar-lora-GGUF") }]);

        var parents = result.Links.ToDictionary(l => l.ChildId, l => l.ParentId);
        foreach (var start in parents.Keys)
        {
            var seen = new HashSet<string>();
            for (var node = start; parents.TryGetValue(node, out var up); node = up) Assert.True(seen.Add(node), $"cycle through {node}");
        }
    }

    [Fact]
    public void A_card_phrase_before_a_hub_id_is_strong_evidence_and_says_the_kind()
    {
        var card = "# My model\n\nThis is a quantized version of [meta-llama/Llama-2-7b-chat-hf](https://huggingface.co/meta-llama/Llama-2-7b-chat-hf).";
        var result = new ParentInference().Run([M("meta-llama/Llama-2-7b-chat-hf", 0), M("x/my-model", 3) with { CardMentions = Card(card) }]);

        var link = LinkOf(result, "x/my-model")!;
        Assert.Equal("meta-llama/Llama-2-7b-chat-hf", link.ParentId);
        Assert.Equal(BaseModelRelation.Quantized, link.Kind);
        Assert.Equal(EvidenceWeights.CardPhrase, link.Confidence);
        Assert.Contains(link.Evidence, e => e.Source == EvidenceSource.CardText);
    }

    [Fact]
    public void A_card_that_only_mentions_a_model_is_weaker_evidence_than_a_phrase()
    {
        var card = "Compare with https://huggingface.co/google/gemma-7b and see https://huggingface.co/datasets/tatsu-lab/alpaca.";
        var result = new ParentInference().Run([M("google/gemma-7b", 0), M("tatsu-lab/alpaca", 0), M("x/my-model", 3) with { CardMentions = Card(card) }]);

        var link = LinkOf(result, "x/my-model")!;
        Assert.Equal("google/gemma-7b", link.ParentId);
        Assert.Equal(EvidenceWeights.CardMention, link.Confidence);
        Assert.True(EvidenceWeights.CardMention < EvidenceWeights.CardPhrase);
    }

    [Theory]
    [InlineData("This model is a fine-tuned version of [Meta-Llama/llama-2-7B-chat-hf](https://huggingface.co/Meta-Llama/llama-2-7B-chat-hf).")]
    [InlineData("Fine-tuned from https://huggingface.co/meta-llama/Llama-2-7b-chat-hf/tree/main on my data.")]
    [InlineData("Based on meta-llama/Llama-2-7b-chat.")]
    [InlineData("Based on `meta-llama/Llama-2-7b-chat-hf`, trained 3 epochs.")]
    public void A_card_id_resolves_across_case_links_to_a_tree_trailing_punctuation_and_the_hf_twin(string card)
    {
        var result = new ParentInference().Run([M("meta-llama/Llama-2-7b-chat-hf", 0), M("x/my-model", 3) with { CardMentions = Card(card) }]);

        var link = LinkOf(result, "x/my-model")!;
        Assert.Equal("meta-llama/Llama-2-7b-chat-hf", link.ParentId);
        Assert.Equal(EvidenceWeights.CardPhrase, link.Confidence);
    }

    [Fact]
    public void A_card_naming_a_base_outside_the_known_models_gives_no_candidate()
    {
        var card = "This model is a fine-tuned version of [someone/unknown-base](https://huggingface.co/someone/unknown-base).";
        var result = new ParentInference().Run([M("meta-llama/Llama-2-7b-chat-hf", 0), M("x/my-model", 3) with { CardMentions = Card(card) }]);

        Assert.Empty(result.Links);
    }

    [Fact]
    public void Siblings_carrying_the_whole_name_do_not_hide_the_base_a_shorter_run_names()
    {
        // Several people upload a tutorial's "Llama-2-7b-chat-hf-mental-health": the others carrying the whole name are siblings.
        var result = new ParentInference().Run([
            M("meta-llama/Llama-2-7b-chat-hf", 0), M("earlier/Llama-2-7b-chat-hf", 1), M("a/Llama-2-7b-chat-hf-mental-health", 5),
            M("b/Llama-2-7b-chat-hf-mental-health", 6)]);

        Assert.Equal("meta-llama/Llama-2-7b-chat-hf", LinkOf(result, "b/Llama-2-7b-chat-hf-mental-health")!.ParentId);
        Assert.Contains(LinkOf(result, "b/Llama-2-7b-chat-hf-mental-health")!.Evidence, e => e.Detail.Contains("starts with its name"));
    }

    [Fact]
    public void Card_mentions_past_the_cap_are_not_looked_up()
    {
        var mentions = Enumerable.Range(0, 5).Select(i => new ModelMention($"nobody/unknown-{i}", null)).Append(new ModelMention("google/gemma-7b", BaseModelRelation.Finetune)).ToList();
        var models = new[] { M("google/gemma-7b", 0), M("x/my-model", 3) with { CardMentions = mentions } };

        Assert.Empty(new ParentInference(new InferenceOptions { MaxCardMentions = 5 }).Run(models).Links);
        Assert.Single(new ParentInference(new InferenceOptions { MaxCardMentions = 6 }).Run(models).Links);
    }

    [Fact]
    public void The_adapter_config_names_the_base()
    {
        var result = new ParentInference().Run([M("microsoft/phi-2", 0), M("x/my-run-42", 3) with { AdapterBaseModel = "microsoft/phi-2" }]);

        var link = LinkOf(result, "x/my-run-42")!;
        Assert.Equal(("microsoft/phi-2", BaseModelRelation.Adapter, EvidenceWeights.AdapterConfig), (link.ParentId, link.Kind, link.Confidence));
    }

    [Fact]
    public void An_adapter_config_naming_a_local_path_gives_no_link()
    {
        var result = new ParentInference().Run([M("microsoft/phi-2", 0), M("x/my-run-42", 3) with { AdapterBaseModel = "/content/drive/phi-2" }]);

        Assert.Empty(result.Links);
    }

    [Fact]
    public void The_same_config_shape_as_one_earlier_model_is_a_weak_link_and_the_earliest_is_taken()
    {
        var shape = new ConfigShape("llama", 32, 4096, 32, 8, 128_256);
        var result = new ParentInference().Run([
            M("meta-llama/Llama-3.1-8B", 0) with { Shape = shape }, M("other/some-8b", 2) with { Shape = shape },
            M("x/unnamed", 5) with { Shape = shape }, M("y/different", 5) with { Shape = shape with { Layers = 16 } }]);

        var link = LinkOf(result, "x/unnamed")!;
        Assert.Equal("meta-llama/Llama-3.1-8B", link.ParentId);
        Assert.Equal(EvidenceWeights.ShapeAlone, link.Confidence);
        Assert.Null(LinkOf(result, "y/different"));
    }

    [Fact]
    public void A_shape_that_many_models_share_gives_no_link_but_still_supports_a_name()
    {
        var shape = new ConfigShape("gemma", 28, 3072, 16, 16, 256_000);
        var models = Enumerable.Range(0, 30).Select(i => M($"o{i}/other-{i}", i) with { Shape = shape }).ToList();
        models.Add(M("google/gemma-7b", 0) with { Shape = shape });
        models.Add(M("x/unnamed", 50) with { Shape = shape });
        models.Add(M("x/gemma-7b-dolly", 50) with { Shape = shape });

        var result = new ParentInference(new InferenceOptions { MaxShapeMatches = 20 }).Run(models);

        Assert.Null(LinkOf(result, "x/unnamed"));
        Assert.True(result.AmbiguousShapes > 0);
        var named = LinkOf(result, "x/gemma-7b-dolly")!;
        Assert.Contains(named.Evidence, e => e.Source == EvidenceSource.ConfigShape);
        Assert.True(named.Confidence > EvidenceWeights.NamePrefix);
    }

    [Fact]
    public void The_same_author_and_model_type_are_recorded_as_evidence()
    {
        var card = "Trained from scratch; see https://huggingface.co/lab/base-model for the base.";
        var result = new ParentInference().Run([M("lab/base-model", 0, "llama"), M("lab/other", 5, "llama") with { CardMentions = Card(card) }]);

        var link = LinkOf(result, "lab/other")!;
        Assert.Contains(link.Evidence, e => e.Source == EvidenceSource.Author);
        Assert.Contains(link.Evidence, e => e.Source == EvidenceSource.ModelType);
        Assert.Contains(link.Evidence, e => e.Source == EvidenceSource.Time);
        Assert.True(link.Confidence > EvidenceWeights.CardMention);
    }

    [Fact]
    public void A_series_by_one_author_is_not_read_as_parent_and_child()
    {
        var result = new ParentInference().Run([M("lab/run-alpha", 0, "llama"), M("lab/run-alpha-v2", 5, "llama")]);

        Assert.Null(LinkOf(result, "lab/run-alpha-v2"));
    }

    [Fact]
    public void A_quantized_copy_is_nobodys_parent_by_name()
    {
        var result = new ParentInference().Run([M("TheBloke/meditron-7B-GGUF", 0), M("x/meditron-7b-GGUF-v2", 5)]);

        Assert.Empty(result.Links);
    }

    [Fact]
    public void Names_past_the_token_cap_are_matched_on_their_first_tokens_only()
    {
        var longName = "x/" + string.Join('-', Enumerable.Range(0, 100).Select(i => "w" + (char)('a' + i % 26)));
        var result = new ParentInference(new InferenceOptions { MaxNameTokens = 8 }).Run([M("google/gemma-7b", 0), M(longName, 5)]);

        Assert.Empty(result.Links);
    }

    [Fact]
    public void Bad_settings_fail_naming_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new InferenceOptions { MaxNameMatches = 0 }.Validate("OpenAccess:Lineage:Inference"));
        Assert.Contains("OpenAccess:Lineage:Inference:MaxNameMatches", error.Message);
        error = Assert.Throws<InvalidOperationException>(() => new InferenceOptions { MinimumConfidence = 1.5 }.Validate("P"));
        Assert.Contains("P:MinimumConfidence", error.Message);
    }
}
