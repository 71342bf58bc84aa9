using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Inference;
using OpenAccess.Lineage.Storage;
using OpenAccess.Lineage.Tests.Service;
using OpenAccess.LineageTools.Evaluation;
using OpenAccess.Testing;

namespace OpenAccess.Lineage.Tests.Inference;

/// <summary>
/// The card evidence in the running service: the Harvester reads the Hub models a card names into ModelDiscovered, Lineage's
/// intake keeps them, and recovery over the graph finds what the evaluation finds over the same records (docs/lineage.md
/// "Undeclared parents", "In the service").
/// </summary>
public sealed class CardMentionsInServiceTests
{
    static IReadOnlyList<CrawlModel> Crawls() => CrawlPopulation.Load(
        Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz"),
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "crawl-counts-2025-04.jsonl"));

    static bool ByCard(ScoredLink link) => link.Link.Evidence.Any(e => e.Source == EvidenceSource.CardText);

    [Fact]
    public void The_service_intake_recovers_from_the_real_crawls_what_the_evaluation_recovers()
    {
        var population = Crawls();
        var evaluation = InferenceEvaluation.Run(population, InferenceEvaluation.DocumentedSeed);
        var service = InferenceEvaluation.Run(population, InferenceEvaluation.DocumentedSeed, ServiceIntake.Recover);

        Assert.Empty(EvaluationTable.Differences(evaluation, service));
        static string Describe(ScoredLink l) => $"{l.Link.ChildId} -> {l.Link.ParentId} {l.Link.Kind} {l.Link.Confidence} " + string.Join(" | ", l.Link.Evidence.Select(e => e.Detail));
        Assert.Equal(evaluation.Links.Where(ByCard).Select(Describe).Order(), service.Links.Where(ByCard).Select(Describe).Order());
        // Most of what the service recovers at 0.8 comes from the cards: the links the record carried no text for before.
        var cardLinks = service.Links.Count(l => ByCard(l) && l.Link.Confidence >= 0.8 && l.ParentRight);
        Assert.True(cardLinks > 300, $"{cardLinks} right card links at 0.8");
    }

    [Fact]
    public void Without_the_cards_the_service_recovers_a_tenth_as_much()
    {
        var population = Crawls();
        var noCards = CrawlPopulation.WithoutCards(population);

        var with = InferenceEvaluation.Run(population, InferenceEvaluation.DocumentedSeed, ServiceIntake.Recover);
        var without = InferenceEvaluation.Run(noCards, InferenceEvaluation.DocumentedSeed, ServiceIntake.Recover);

        static double Recall(EvaluationReport r) => (double)r.Hidden.Count(h => h.RecoveredAt >= 0.8) / r.Hidden.Count;
        Assert.InRange(Recall(with), 0.3, 1);
        Assert.InRange(Recall(without), 0, 0.1);
        Assert.DoesNotContain(without.Links, ByCard);
    }

    [Fact]
    public void Mentions_past_the_cap_and_ids_no_hub_model_has_are_left_out_with_the_reason()
    {
        var table = new CardMentionTable(maxMentions: 4, maxIdLength: 96);
        ModelMention[] hostile =
        [
            new("org/base", BaseModelRelation.Finetune),
            new(new string('a', 5_000) + "/x", null),
            new("org/ba se", null),
            new("org/bad\u0000id", null),
            new("no-slash", null),
            new("ORG/BASE", null),
            new("org/other", (BaseModelRelation)42),
            new(null!, null),
            new("Org/Second", BaseModelRelation.Quantized),
            new("org/third", null), new("org/fourth", null), new("org/fifth", null), new("org/sixth", null),
        ];

        var check = table.Check(hostile);

        Assert.Equal(["org/base", "Org/Second", "org/third", "org/fourth"], check.Kept.Select(m => m.Id));
        Assert.Contains(check.Problems, p => p.Contains("5,002 characters") && p.Contains("over the limit of 96"));
        Assert.Contains(check.Problems, p => p.Contains("'org/ba se'") && p.Contains("which no Hub id does"));
        Assert.Contains(check.Problems, p => p.Contains("control character U+0000"));
        Assert.Contains(check.Problems, p => p.Contains("'no-slash' is not owner/name"));
        Assert.Contains(check.Problems, p => p.Contains("derivation 42"));
        Assert.Contains(check.Problems, p => p.Contains("it has no id"));
        Assert.Contains(check.Problems, p => p.Contains("the card names 13 models; the first 4 are kept") && p.Contains("MaxCardMentions"));
    }

    [Fact]
    public void The_intake_stores_the_mentions_it_kept_and_recovery_runs_again_when_only_they_change()
    {
        var options = new LineageOptions();
        var state = new GraphState(options);
        var intake = new ModelIntake(state, options, TimeProvider.System, NullLogger<ModelIntake>.Instance);
        var recovery = new InferredParents(state, options, TimeProvider.System, NullLogger<InferredParents>.Instance);
        var day = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        intake.Apply(new StoredModel { Id = "google/gemma-7b", Author = "google", CreatedAt = day, ModelType = "gemma" });
        var child = new StoredModel { Id = "x/my-run", Author = "x", CreatedAt = day.AddDays(9), ModelType = "gemma" };
        intake.Apply(child);
        state.MarkReady();
        Assert.True(recovery.Refresh());
        Assert.Null(recovery.Of("x/my-run"));

        // A new revision of the card only: the graph does not change, the mentions do, and recovery runs again.
        var hostile = Enumerable.Range(0, 100).Select(i => new ModelMention($"nobody/n{i}", null)).Prepend(new ModelMention("Google/Gemma-7B", BaseModelRelation.Finetune)).ToList();
        var applied = intake.Apply(child with { CardMentions = hostile })!;
        Assert.True(applied.Changed);
        Assert.Equal(options.Inference.MaxCardMentions, applied.Record.CardMentions.Count);
        Assert.True(recovery.Refresh());
        var link = recovery.Of("x/my-run")!.Value.Link;
        Assert.Equal(("google/gemma-7b", BaseModelRelation.Finetune), (link.ParentId, link.Kind));
        Assert.Contains(link.Evidence, e => e.Source == EvidenceSource.CardText && e.Detail == "the card says it is a fine-tune of google/gemma-7b (a derivation phrase right before the id)");
        Assert.False(recovery.Refresh());
    }

    [Fact]
    public void With_recovery_off_the_mentions_are_checked_for_the_record_but_not_kept_in_memory()
    {
        var options = new LineageOptions { Inference = new InferenceSettings { Enabled = false } };
        var state = new GraphState(options);
        var intake = new ModelIntake(state, options, TimeProvider.System, NullLogger<ModelIntake>.Instance);

        var applied = intake.Apply(new StoredModel { Id = "x/m", Author = "x", CardMentions = [new("org/base", null), new("bad id", null)] })!;

        Assert.Equal(["org/base"], applied.Record.CardMentions.Select(m => m.Id));
        Assert.Empty(state.CardMentions.Of(0));
        Assert.Equal(0, state.CardMentions.Version);
    }
}

/// <summary>The card's mentions through the Lineage service itself: a ModelDiscovered on its bus, the link on its HTTP API.</summary>
public sealed class CardMentionsApiTests : IAsyncLifetime
{
    readonly InMemoryLineageFactory factory = new(new Dictionary<string, string?> { ["OpenAccess:Lineage:Inference:Interval"] = "00:00:00.200" });
    HttpClient http = null!;

    public ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    static ModelDiscovered Harvested(string json)
    {
        using var record = JsonDocument.Parse(json);
        return HubModelMapper.Map(record.RootElement).Model!;
    }

    [Fact]
    public async Task A_card_naming_its_base_gives_an_inferred_link_with_the_card_as_evidence()
    {
        await factory.Bus.PublishModels(Harvested("""{"id":"microsoft/phi-2","createdAt":"2023-12-13T00:00:00Z","config":{"model_type":"phi"}}"""));
        await factory.Bus.PublishModels(Harvested("""
            {"id":"someone/my-assistant","createdAt":"2024-02-01T00:00:00Z","config":{"model_type":"phi"},
             "card":"---\nlicense: mit\n---\n# My assistant\nThis model is a fine-tuned version of [microsoft/phi-2](https://huggingface.co/microsoft/phi-2) on my data."}
            """));

        var answer = await Eventually.Get(
            () => http.GetFromJsonAsync<JsonElement>("/models/someone/my-assistant/inferred-parents"),
            a => a.GetProperty("link").ValueKind == JsonValueKind.Object, "the inferred parent", 30);
        var link = answer.GetProperty("link");
        Assert.Equal(("microsoft/phi-2", "Finetune"), (link.GetProperty("id").GetString(), link.GetProperty("relation").GetString()));
        // The card phrase (0.95) and the same model type (0.5) as independent signals: 1 - 0.05 × 0.5.
        Assert.Equal(0.975, link.GetProperty("confidence").GetDouble());
        Assert.Contains(link.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "CardText");

        // The stored record keeps the mentions, not the text.
        var model = await http.GetFromJsonAsync<JsonElement>("/models/someone/my-assistant");
        Assert.DoesNotContain("my data", model.GetRawText());
    }
}
