using System.Collections.Concurrent;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Domain.Statistics;
using OpenAccess.Lineage.Extensions;

namespace OpenAccess.Lineage.Graph;

/// <summary>
/// The in-memory lineage graph the queries read, rebuilt from the store at start-up and kept current by
/// the consumers. Consumers wait for <see cref="Ready"/> so no event is applied to a half-loaded graph.
/// </summary>
public sealed class GraphState
{
    readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Lock writer = new();

    /// <summary>The Hub's own tree: every link is a <c>base_model:</c> tag of the child.</summary>
    public LineageGraph Graph { get; }

    public EcosystemStatistics Statistics { get; }

    /// <summary>The Hub models each model's card names, by node of <see cref="Graph"/>: recovery's card evidence (none kept when recovery is off).</summary>
    public Inference.CardMentionTable CardMentions { get; }

    /// <summary>
    /// The Hub's tree with the leaderboard's base-model links added (<c>links=all</c>): a v2 row's <c>Base Model</c> becomes the
    /// parent of a Hub model whose tags name none. Built by the same upserts, so the same checks refuse a cycle or a chain too deep.
    /// </summary>
    /// Null when <see cref="LineageOptions.LeaderboardLinkGraph"/> is off.
    public LineageGraph? GraphWithLeaderboardLinks { get; }

    public EcosystemStatistics? StatisticsWithLeaderboardLinks { get; }

    /// <summary>
    /// The Hub's tree with the recovered parents at or above <see cref="InferenceSettings.StatisticsMinConfidence"/> added
    /// (<c>links=inferred</c> on the family and statistics routes): a model's tags always win, an inferred link is only ever the
    /// parent of a model that declares none, and the graph's own checks refuse one that would close a cycle. Null when
    /// <see cref="InferenceSettings.InferredLinkGraph"/> or recovery is off.
    /// </summary>
    public LineageGraph? GraphWithInferredLinks { get; }

    public EcosystemStatistics? StatisticsWithInferredLinks { get; }

    /// <summary>The inferred parent each model has in <see cref="GraphWithInferredLinks"/> (those the graph took), under <see cref="writer"/>.</summary>
    readonly Dictionary<string, InferredParent> inferredParents = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The threshold the last recovery run's links were taken at, for the answers to state.</summary>
    public double InferredMinConfidence { get; private set; }

    readonly TaskCompletionSource recoveryRan = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Done once the first recovery run after start-up has ended (or failed): the publisher of series with inferred links waits
    /// for it, so a restart does not publish every family without its inferred links and then again with them.
    /// </summary>
    public Task RecoveryRan => recoveryRan.Task;

    public void MarkRecoveryRan() => recoveryRan.TrySetResult();

    /// <summary>How many inferred links <see cref="GraphWithInferredLinks"/> holds now.</summary>
    public int InferredLinkCount
    {
        get { lock (writer) return inferredParents.Count; }
    }

    /// <summary>
    /// The record as the extra graphs are given it, now and again when a leaderboard or inferred link changes: every field a
    /// graph reads, with the tags cut to the one that sets a kind (<c>conversational</c>: <see cref="ModelKindRules.IsChatOrInstruct"/>)
    /// and the architectures to the one the graph keeps.
    /// </summary>
    static LineageModel Kept(LineageModel model)
    {
        var conversational = model.Tags.FirstOrDefault(t => t.Equals(Conversational[0], StringComparison.OrdinalIgnoreCase)) is not null;
        var architectures = model.ModelType is not null ? [] : model.Architectures.Count > 1 ? [model.Architectures[0]] : model.Architectures;
        return model.Tags.Count == (conversational ? 1 : 0) && ReferenceEquals(architectures, model.Architectures)
            ? model
            : model with { Tags = conversational ? Conversational : [], Architectures = architectures };
    }

    static readonly string[] Conversational = ["conversational"];

    /// <summary>
    /// What the declared graph does not hold of a Hub model's last record, by its node there (<see cref="KeptBits"/>): whether the
    /// record declares parents (a declared parent the graph refused still wins over a leaderboard or inferred one) and whether it
    /// is a chat or instruct model (the graph keeps the kind, which says it only for a model with parents). With these two bits
    /// <see cref="KeptRecord"/> gives the extra graphs the record they were given, rebuilt from the declared graph: until
    /// session 13 every record was kept whole (<see cref="Kept"/>), about 350 bytes a model, 0.7 GiB at 2 M models, more
    /// than a graph costs (docs/lineage.md "Memory and cost").
    /// </summary>
    byte[] keptBits = new byte[256];

    [Flags]
    enum KeptBits : byte
    {
        Seen = 1,
        DeclaresParents = 2,
        ChatOrInstruct = 4,
    }

    void Keep(int node, LineageModel model)
    {
        if (node >= keptBits.Length) Array.Resize(ref keptBits, Math.Max(keptBits.Length * 2, node + 1));
        keptBits[node] = (byte)(KeptBits.Seen
            | (model.Parents.Count > 0 ? KeptBits.DeclaresParents : 0)
            | (ModelKindRules.IsChatOrInstruct(model) ? KeptBits.ChatOrInstruct : 0));
    }

    /// <summary>The Hub model's last record as the extra graphs were given it (<see cref="Kept"/>), rebuilt from the declared graph; null when no record of it arrived.</summary>
    LineageModel? KeptRecord(string id) =>
        Graph.Find(id) is var node && Bits(node).HasFlag(KeptBits.Seen)
            ? Graph.RecordOf(node, Bits(node).HasFlag(KeptBits.ChatOrInstruct) ? Conversational : [])
            : null;

    /// <summary>What is kept of the node's last record; none when no record of it arrived.</summary>
    KeptBits Bits(int node) => node >= 0 && node < keptBits.Length ? (KeptBits)keptBits[node] : 0;

    /// <summary>Whether the Hub model's last record declares parents (the graph may have refused them all); false when no record of it arrived.</summary>
    bool DeclaresParents(string id) => Bits(Graph.Find(id)).HasFlag(KeptBits.DeclaresParents);

    /// <summary>The base models v2 rows name for a model other than itself, by result key: the smallest id is the link (any arrival order gives the same).</summary>
    readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> leaderboardBases = new(StringComparer.OrdinalIgnoreCase);

    readonly int maxPoints;

    /// <summary>Latest leaderboard results by model id, then by result key (<see cref="Storage.BenchmarkKeys"/>): a model's own are one lookup.</summary>
    /// Model ids match case-insensitively, as in the graph.
    readonly ConcurrentDictionary<string, ConcurrentDictionary<string, BenchmarkUpdated>> benchmarks = new(StringComparer.OrdinalIgnoreCase);

    public GraphState() : this(new LineageOptions())
    {
    }

    public GraphState(LineageOptions options)
    {
        Graph = new LineageGraph(limits: options.GraphLimits);
        Statistics = new EcosystemStatistics(Graph, options.MaxSeriesPoints);
        CardMentions = new Inference.CardMentionTable(options.Inference.MaxCardMentions, options.MaxIdLength, keep: options.Inference.Enabled, spelledAs: Graph.DisplayId);
        if (options.LeaderboardLinkGraph)
        {
            GraphWithLeaderboardLinks = new LineageGraph(limits: options.GraphLimits);
            StatisticsWithLeaderboardLinks = new EcosystemStatistics(GraphWithLeaderboardLinks, options.MaxSeriesPoints);
        }
        if (options.Inference is { Enabled: true, InferredLinkGraph: true })
        {
            GraphWithInferredLinks = new LineageGraph(limits: options.GraphLimits);
            StatisticsWithInferredLinks = new EcosystemStatistics(GraphWithInferredLinks, options.MaxSeriesPoints);
        }

        InferredMinConfidence = options.Inference.StatisticsMinConfidence;
        AdoptionGraph = options.Inference.AdoptionSeries && GraphWithInferredLinks is not null ? GraphWithInferredLinks : Graph;

        maxPoints = options.MaxSeriesPoints;
    }

    public Task Ready => ready.Task;

    public void MarkReady() => ready.TrySetResult();

    /// <summary>The graph takes one writer at a time; consumers run concurrently.</summary>
    public UpsertResult Upsert(LineageModel model)
    {
        lock (writer)
        {
            var result = Graph.Upsert(model);
            if (GraphWithLeaderboardLinks is not null || GraphWithInferredLinks is not null)
            {
                Keep(result.Node, model);
                model = Kept(model);
            }
            GraphWithLeaderboardLinks?.Upsert(WithLeaderboardLink(model, model.Parents.Count > 0));
            if (GraphWithInferredLinks is { } inferred)
            {
                if (model.Parents.Count > 0) inferredParents.Remove(result.Id); // it declares one now
                var withInferred = inferred.Upsert(WithInferredLink(result.Id, model));
                // A declared link refused there only closes a cycle through inferred links: the declared one wins.
                if (withInferred.Refused.Count > result.Refused.Count) GiveWayToDeclared(result.Id, model);
            }

            return result;
        }
    }

    /// <summary>Keeps <paramref name="result"/> as the latest under <paramref name="key"/>; a v2 row's base model links the Hub model in <see cref="GraphWithLeaderboardLinks"/>.</summary>
    public void SetBenchmark(string key, BenchmarkUpdated result)
    {
        var results = benchmarks.GetOrAdd(result.ModelId, _ => new ConcurrentDictionary<string, BenchmarkUpdated>(StringComparer.Ordinal));
        results[key] = result;
        lock (leaderboardRows)
        {
            // Every version the model may have left or joined is chosen again from what it holds now; the last writer
            // of a model reads after every store before it, so concurrent results of one model all count.
            leaderboardRows.TryAdd(result.LeaderboardVersion, new LeaderboardRows());
            foreach (var (version, rows) in leaderboardRows)
                rows.Set(result.ModelId, results.Values.Where(b => b.LeaderboardVersion == version).Select(RowOf).ToList());
            benchmarkChanges++;
        }
        if (result.LeaderboardVersion != "v2" || result.BaseModel is not { } baseModel || string.Equals(baseModel, result.ModelId, StringComparison.OrdinalIgnoreCase)) return;
        leaderboardBases.GetOrAdd(result.ModelId, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal))[key] = baseModel;
        lock (writer)
        {
            if (GraphWithLeaderboardLinks is { } linked && KeptRecord(result.ModelId) is { } model) linked.Upsert(WithLeaderboardLink(model, DeclaresParents(result.ModelId)));
        }
    }

    /// <summary>The leaderboard's base model of <paramref name="modelId"/> (the smallest id when its rows name several), or null.</summary>
    public string? LeaderboardBaseOf(string modelId) =>
        leaderboardBases.TryGetValue(modelId, out var bases) ? bases.Values.Order(StringComparer.OrdinalIgnoreCase).FirstOrDefault() : null;

    /// <summary>The model as <see cref="GraphWithLeaderboardLinks"/> takes it: its tags win; without any, the leaderboard's base model, as a fine-tune.</summary>
    LineageModel WithLeaderboardLink(LineageModel model, bool declaresParents) =>
        !declaresParents && LeaderboardBaseOf(model.Id) is { } baseModel ? model with { Parents = [new BaseModelLink(baseModel, BaseModelRelation.Finetune)] } : model;

    /// <summary>The model as <see cref="GraphWithInferredLinks"/> takes it: its tags win; without any, its inferred parent.</summary>
    LineageModel WithInferredLink(string id, LineageModel model) =>
        model.Parents.Count == 0 && inferredParents.TryGetValue(id, out var parent) ? model with { Parents = [new BaseModelLink(parent.ParentId, parent.Relation)] } : model;

    /// <summary>
    /// Takes the latest recovery run's links at or above <paramref name="minConfidence"/> into <see cref="GraphWithInferredLinks"/>:
    /// links that went or changed are taken out first, so a new one is never refused against an old one; a link the graph
    /// refuses (a cycle, a chain too deep) is left out. Models whose family changes are marked changed there, as for any upsert.
    /// </summary>
    public void SetInferredLinks(IReadOnlyList<Inference.InferredLink> links, double minConfidence)
    {
        if (GraphWithInferredLinks is not { } graph) return;
        lock (writer)
        {
            InferredMinConfidence = minConfidence;
            var wanted = new Dictionary<string, InferredParent>(StringComparer.OrdinalIgnoreCase);
            foreach (var link in links)
                if (link.Confidence >= minConfidence && Bits(Graph.Find(link.ChildId)) is var bits && bits.HasFlag(KeptBits.Seen) && !bits.HasFlag(KeptBits.DeclaresParents))
                    wanted[link.ChildId] = new InferredParent(link.ParentId, link.Kind);
            var gone = inferredParents.Where(p => !wanted.TryGetValue(p.Key, out var now) || !SameParent(now, p.Value)).Select(p => p.Key).ToList();
            foreach (var child in gone)
            {
                inferredParents.Remove(child);
                graph.Upsert(KeptRecord(child)!);
            }
            foreach (var (child, parent) in wanted)
            {
                if (inferredParents.ContainsKey(child)) continue;
                inferredParents[child] = parent;
                if (graph.Upsert(WithInferredLink(child, KeptRecord(child)!)).Refused.Count > 0) inferredParents.Remove(child);
            }
        }
    }

    static bool SameParent(InferredParent a, InferredParent b) => a.Relation == b.Relation && string.Equals(a.ParentId, b.ParentId, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <paramref name="model"/>'s declared links close a cycle through inferred links in <see cref="GraphWithInferredLinks"/>: every
    /// inferred link is taken out, the model goes in with its own, and the inferred links go back in, the ones that would now
    /// close the cycle refused. Rare (a model declaring a derivative of its own as its parent), so the cost of a pass is fine.
    /// </summary>
    void GiveWayToDeclared(string id, LineageModel model)
    {
        var graph = GraphWithInferredLinks!;
        var kept = inferredParents.ToList();
        inferredParents.Clear();
        foreach (var (child, _) in kept) graph.Upsert(KeptRecord(child)!);
        graph.Upsert(model);
        foreach (var (child, parent) in kept)
        {
            if (DeclaresParents(child) || child.Equals(id, StringComparison.OrdinalIgnoreCase)) continue;
            inferredParents[child] = parent;
            if (graph.Upsert(WithInferredLink(child, KeptRecord(child)!)).Refused.Count > 0) inferredParents.Remove(child);
        }
    }

    /// <summary>The graph the published adoption series are read from: declared links, or with inferred ones (<see cref="InferenceSettings.AdoptionSeries"/>).</summary>
    public LineageGraph AdoptionGraph { get; }

    /// <summary>The graph <c>links</c> asks for: the Hub's own (<c>declared</c>, the default), with the leaderboard's links (<c>all</c>) or with inferred ones (<c>inferred</c>).</summary>
    /// (The query parameters refuse a graph this deployment does not keep: <see cref="Apis.QueryParameters.GraphLinks"/>.)
    public LineageGraph GraphFor(GraphLinks links) => links switch
    {
        GraphLinks.Leaderboard => GraphWithLeaderboardLinks ?? throw new InvalidOperationException(LinkGraphOff),
        GraphLinks.Inferred => GraphWithInferredLinks ?? throw new InvalidOperationException(InferredGraphOff),
        _ => Graph,
    };

    public EcosystemStatistics StatisticsFor(GraphLinks links) => links switch
    {
        GraphLinks.Leaderboard => StatisticsWithLeaderboardLinks ?? throw new InvalidOperationException(LinkGraphOff),
        GraphLinks.Inferred => StatisticsWithInferredLinks ?? throw new InvalidOperationException(InferredGraphOff),
        _ => Statistics,
    };

    public const string InferredGraphOff =
        "'links=inferred' on families and statistics needs the graph with inferred links, which this deployment does not keep "
        + "(OpenAccess:Lineage:Inference:Enabled=false or OpenAccess:Lineage:Inference:InferredLinkGraph=false).";

    public const string LinkGraphOff =
        "'links=all' needs the graph with the leaderboard's links, which this deployment does not keep (OpenAccess:Lineage:LeaderboardLinkGraph=false).";

    /// <summary>An inferred parent as <see cref="GraphWithInferredLinks"/> holds it.</summary>
    sealed record InferredParent(string ParentId, BaseModelRelation Relation);

    /// <summary>The latest leaderboard result of a model that names its architecture, size or licence: v2 before v1, then the latest.</summary>
    public BenchmarkUpdated? LeaderboardRecordOf(string modelId) =>
        !benchmarks.TryGetValue(modelId, out var results) ? null : results.Values
            .Where(b => b.Architecture is not null || b.ParametersInBillions is not null || b.License is not null)
            .OrderByDescending(b => b.LeaderboardVersion, StringComparer.Ordinal)
            .ThenByDescending(b => b.EvaluatedAt)
            .ThenBy(b => b.Precision, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>Each leaderboard version's members, kept as results arrive; also the lock of <see cref="benchmarkChanges"/>.</summary>
    readonly Dictionary<string, LeaderboardRows> leaderboardRows = new(StringComparer.Ordinal);
    int benchmarkChanges;
    readonly ConcurrentDictionary<string, (int Changes, LeaderboardStatistics Statistics)> leaderboards = new(StringComparer.Ordinal);

    static LeaderboardRow RowOf(BenchmarkUpdated b) => new(b.ModelId, b.ModelTypeLabel, b.Architecture, b.ParametersInBillions, b.EvaluatedAt, b.Average,
        b.Scores.Select(s => KeyValuePair.Create(s.Benchmark, s.NormalisedValue ?? s.RawValue)), b.BaseModel, b.Precision);

    /// <summary>
    /// The statistics over one leaderboard version's rows (<see cref="LeaderboardPopulation"/>), rebuilt from the members
    /// kept as results arrive (<see cref="LeaderboardRows"/>) when a result arrived since the last build; between changes
    /// every route reads the same built population.
    /// </summary>
    public LeaderboardStatistics Leaderboard(string leaderboardVersion)
    {
        int changes;
        (List<LeaderboardRow> Members, NameNumbers Numbers, int Rows) snapshot;
        lock (leaderboardRows)
        {
            changes = benchmarkChanges;
            if (leaderboards.TryGetValue(leaderboardVersion, out var built) && built.Changes == changes) return built.Statistics;
            snapshot = leaderboardRows.TryGetValue(leaderboardVersion, out var rows) ? rows.Snapshot() : ([], new NameNumbers([], [], 0), 0);
        }
        var population = LeaderboardPopulation.OfMembers(snapshot.Members, snapshot.Numbers, snapshot.Rows, namesBases: leaderboardVersion == "v2");
        var statistics = new LeaderboardStatistics(population, maxPoints);
        leaderboards[leaderboardVersion] = (changes, statistics);
        return statistics;
    }

    /// <summary>Scores per model for one leaderboard version: the normalised value where the leaderboard gives one, else the raw.</summary>
    public IReadOnlyList<ModelBenchmarks> BenchmarkScores(string leaderboardVersion) =>
        benchmarks.Values
            .SelectMany(results => results.Values)
            .Where(b => b.LeaderboardVersion == leaderboardVersion)
            .GroupBy(b => b.ModelId)
            .Select(g => g.OrderByDescending(b => b.EvaluatedAt).First())
            .Select(b => new ModelBenchmarks(b.ModelId, b.Scores.ToDictionary(s => s.Benchmark, s => s.NormalisedValue ?? s.RawValue), b.Average))
            .ToList();

    /// <summary>A model's latest leaderboard scores: v2 where it has them, else v1; null when it has none.</summary>
    public ModelBenchmarks? ScoresOf(string modelId) =>
        !benchmarks.TryGetValue(modelId, out var results) ? null : results.Values
            .OrderByDescending(b => b.LeaderboardVersion, StringComparer.Ordinal)
            .ThenByDescending(b => b.EvaluatedAt)
            .Select(b => new ModelBenchmarks(b.ModelId, b.Scores.ToDictionary(s => s.Benchmark, s => s.NormalisedValue ?? s.RawValue), b.Average))
            .FirstOrDefault();

    /// <summary>The scores of the nearest ancestor that has any (fewest steps up over every path, ties to the smaller id).</summary>
    public ModelBenchmarks? NearestScoredAncestor(string modelId) =>
        Graph.NearestAncestor(modelId, benchmarks.ContainsKey) is { } ancestor ? ScoresOf(ancestor) : null;
}

/// <summary>The links a family or statistics answer is built from (<c>links=</c>).</summary>
public enum GraphLinks
{
    /// <summary>The Hub's tags (<c>declared</c>, the default; <c>hub</c> its older name).</summary>
    Declared,
    /// <summary>With the leaderboard's base models for models whose tags name none (<c>all</c>).</summary>
    Leaderboard,
    /// <summary>With the recovered parents at or above the threshold for models that declare none (<c>inferred</c>).</summary>
    Inferred,
}
