using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Publishing;

namespace OpenAccess.Harvester.Tests.Domain;

/// <summary>The Hub models a card names, as ModelDiscovered carries them to Lineage (docs/lineage.md "Undeclared parents").</summary>
public sealed class CardModelMentionsTests
{
    [Fact]
    public void A_card_names_models_in_order_once_each_with_the_derivation_a_phrase_before_states()
    {
        var card = "---\nlicense: other\nmodel_link: https://huggingface.co/meta-llama/Llama-2-7b-chat-hf\n---\n"
                   + "# x/my-model\nThis is a quantized version of [Meta-Llama/llama-2-7B-chat-hf](https://huggingface.co/meta-llama/Llama-2-7b-chat-hf).\n"
                   + "Compare with https://huggingface.co/google/gemma-7b, trained on https://huggingface.co/datasets/tatsu-lab/alpaca; "
                   + "load it with `X/My-Model`. A LoRA adapter for `microsoft/phi-2`.";
        var summary = ModelCardReader.Read(card, RecordLimits.Default, "x/my-model");

        Assert.Equal(
            [new ModelMention("meta-llama/Llama-2-7b-chat-hf", null), new ModelMention("google/gemma-7b", null), new ModelMention("microsoft/phi-2", BaseModelRelation.Adapter)],
            summary.ModelMentions);
    }

    [Theory]
    [InlineData("This model is a fine-tuned version of [org/base](https://huggingface.co/org/base).", BaseModelRelation.Finetune)]
    [InlineData("A quantized version of org/base.", BaseModelRelation.Quantized)]
    [InlineData("GGUF files of org/base", BaseModelRelation.Quantized)]
    [InlineData("This is a merge of org/base and others", BaseModelRelation.Merge)]
    [InlineData("Based on `org/base`, trained 3 epochs.", BaseModelRelation.Finetune)]
    public void The_phrase_before_a_name_gives_the_derivation(string card, BaseModelRelation derivation)
    {
        var mention = Assert.Single(CardModelMentions.Scan(card, 10_000, 32));
        Assert.Equal(new ModelMention("org/base", derivation), mention);
    }

    [Fact]
    public void Only_the_first_MaxCardScanChars_are_read_and_at_most_MaxCardModelMentions_kept()
    {
        var names = string.Concat(Enumerable.Range(0, 100).Select(i => $" org/model-{i}"));
        var limits = RecordLimits.Default with { MaxCardModelMentions = 5 };
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"org/model-{i}"), ModelCardReader.Read(names, limits).ModelMentions.Select(m => m.Id));

        var late = new string('x', 1000) + " fine-tuned from google/gemma-7b";
        Assert.Empty(ModelCardReader.Read(late, RecordLimits.Default with { MaxCardScanChars = 1000 }).ModelMentions);
        Assert.Single(ModelCardReader.Read(late, RecordLimits.Default with { MaxCardScanChars = 2000 }).ModelMentions);
    }

    [Fact]
    public void Hostile_card_text_is_scanned_in_linear_time()
    {
        // Patterns that make a backtracking engine go quadratic or worse: long runs of id characters without a slash,
        // and a phrase repeated with no id after it.
        var runs = string.Concat(Enumerable.Repeat("a-b.c_d", 150_000));
        var phrases = string.Concat(Enumerable.Repeat("fine-tuned from based on ", 40_000));
        // For the id scan: every character a slash, and slashes between runs of id characters just under the 96 a side, each
        // looked back over and forward over; and one id written 200,000 times, found and dropped as seen each time.
        var slashes = new string('/', 1_000_000);
        var longParts = string.Concat(Enumerable.Repeat(new string('x', 95) + "/", 20_000));
        var repeated = string.Concat(Enumerable.Repeat(" org/model", 200_000));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Empty(CardModelMentions.Scan(runs, 2_000_000, 32));
        Assert.Empty(CardModelMentions.Scan(phrases, 2_000_000, 32));
        Assert.Empty(CardModelMentions.Scan(slashes, 2_000_000, 32));
        Assert.Empty(CardModelMentions.Scan(longParts, 2_000_000, 32));
        Assert.Equal([new ModelMention("org/model", null)], CardModelMentions.Scan(repeated, 2_000_000, 32));
        // Not a timing test of speed: a backtracking scan of these takes minutes; a linear one, well under the bound.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_snapshot_record_with_a_card_publishes_its_mentions_and_never_the_text()
    {
        const string card = "---\nbase_model: microsoft/phi-2\n---\nFine-tuned from [microsoft/phi-2](https://huggingface.co/microsoft/phi-2) on SECRET-PROSE.";
        using var record = JsonDocument.Parse(JsonSerializer.Serialize(new { id = "x/phi-2-chat", tags = new[] { "base_model:finetune:microsoft/phi-2" }, card }));
        var discovered = HubModelMapper.Map(record.RootElement).Model!;

        // The front matter's base_model comes first, with no phrase before it; the prose's phrase does not add it twice.
        Assert.Equal([new ModelMention("microsoft/phi-2", null)], discovered.Card!.ModelMentions);
        var json = JsonSerializer.Serialize(discovered, ContractJson.Default.ModelDiscovered);
        Assert.Contains("\"modelMentions\":[{\"id\":\"microsoft/phi-2\",\"derivation\":null}]", json);
        Assert.DoesNotContain("SECRET-PROSE", json);
    }

    [Fact]
    public void A_bad_MaxCardModelMentions_fails_naming_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new OpenAccess.Harvester.Importing.ImportLimits { MaxCardModelMentions = -1 }.Validate());
        Assert.Contains("MaxCardModelMentions", error.Message);
    }
}
