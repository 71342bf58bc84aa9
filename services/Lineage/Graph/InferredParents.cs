using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Inference;

namespace OpenAccess.Lineage.Graph;

/// <summary>
/// The parents recovered for models that declare none, kept apart from the graph: the graph, the store and the default
/// statistics and adoption series carry declared links only; each run also hands the links at or above
/// <see cref="InferenceSettings.StatisticsMinConfidence"/> to <see cref="GraphState.GraphWithInferredLinks"/> (<c>links=inferred</c>). Recovery runs over the whole graph once the graph
/// changed and held still for an <see cref="InferenceSettings.Interval"/>, or every <see cref="InferenceSettings.MaxDelay"/> while it
/// keeps changing (<see cref="RecoverySchedule"/>), so a model that arrives after its derivatives (their parent by name) links them at the next
/// run, and a model that has since declared a parent loses its inferred one. Readers see one run's answers at a time.
/// </summary>
public sealed class InferredParents(GraphState state, LineageOptions options, TimeProvider time, ILogger<InferredParents> logger) : BackgroundService
{
    sealed record Run(long GraphVersion, long MentionsVersion, DateTimeOffset At, IReadOnlyDictionary<string, (InferredLink Link, IReadOnlyList<InferredLink> Alternatives)> ByChild);

    Run? latest;

    /// <summary>The graph version the answers were recovered from; null before the first run.</summary>
    public long? GraphVersion => latest?.GraphVersion;

    public DateTimeOffset? RecoveredAt => latest?.At;

    /// <summary>The last run's whole result (links, alternatives and what was refused); null before the first run.</summary>
    public InferenceResult? LastResult { get; private set; }

    /// <summary>The inferred parent of <paramref name="modelId"/> and its alternatives; null when it has none (or declares one).</summary>
    public (InferredLink Link, IReadOnlyList<InferredLink> Alternatives)? Of(string modelId) =>
        latest?.ByChild.TryGetValue(modelId, out var found) == true ? found : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await state.Ready.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(options.Inference.Interval, time);
            var schedule = new RecoverySchedule(options.Inference.MaxDelay);
            var first = true; // the graph just loaded is recovered at once: the publisher of series with inferred links waits for it
            do
            {
                if (!first && !schedule.Due(InputsVersion, latest is { } run ? run.GraphVersion + run.MentionsVersion : null, time.GetUtcNow())) continue;
                try
                {
                    Refresh();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Recovering undeclared parents failed; the previous answers stay until the next run");
                }
                finally
                {
                    first = false;
                    state.MarkRecoveryRan();
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown. Ending cancelled would be logged as "BackgroundService failed" by a host disposed without a stop.
        }
    }

    /// <summary>
    /// What recovery reads changes with the graph and with the cards' mentions (a new revision of a card can change only them):
    /// both counters only grow, so their sum changes whenever either does.
    /// </summary>
    long InputsVersion => state.Graph.Version + state.CardMentions.Version;

    /// <summary>Runs recovery when the graph or a card's mentions changed since the last run; true when it ran.</summary>
    public bool Refresh()
    {
        var (version, mentionsVersion) = (state.Graph.Version, state.CardMentions.Version);
        if (latest is { } last && last.GraphVersion == version && last.MentionsVersion == mentionsVersion) return false;
        var started = DateTimeOffset.UtcNow;
        var result = GraphInferenceInputs.RunOver(state.Graph, new ParentInference(options.Inference.Limits), state.CardMentions);
        var alternatives = result.Alternatives.ToLookup(l => l.ChildId, StringComparer.OrdinalIgnoreCase);
        var byChild = result.Links.ToDictionary(l => l.ChildId,
            l => (l, (IReadOnlyList<InferredLink>)[.. alternatives[l.ChildId]]), StringComparer.OrdinalIgnoreCase);
        // The graph with inferred links first: once a model's answer shows a run's link, the families and statistics count it.
        state.SetInferredLinks(result.Links, options.Inference.StatisticsMinConfidence);
        latest = new Run(version, mentionsVersion, started, byChild);
        LastResult = result;
        logger.LogInformation("Recovered {Links} undeclared parents at graph version {Version} in {Ms} ms ({Ambiguous} names too common to link, {Cycles} candidates refused as cycles)",
            result.Links.Count, version, (DateTimeOffset.UtcNow - started).TotalMilliseconds, result.AmbiguousNames, result.CycleRefused);
        return true;
    }
}

/// <summary>Bound from <c>OpenAccess:Lineage:Inference</c> (docs/lineage.md "Undeclared parents").</summary>
public sealed class InferenceSettings
{
    /// <summary>Recovers undeclared parents in the service (true by default); off, <c>links=inferred</c> answers 400 naming this key.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the service looks whether recovery is due: it runs once the graph changed and then held still for one interval.
    /// Each run reads the whole graph (about 1 s of CPU at 200,000 models, linear in them).
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The longest recovery waits for the graph to hold still: while it keeps changing (an import's backlog being consumed) a run
    /// comes once the first change not yet recovered is this old, so an import of millions runs it once per MaxDelay instead of
    /// once per <see cref="Interval"/>. 10 minutes by default; at least <see cref="Interval"/>.
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The confidence from which an inferred link counts in family sizes, statistics and (with <see cref="AdoptionSeries"/>)
    /// the published adoption series: 0.8 by default, the goal band (on the real crawls its links hold about 98 times
    /// in 100 with card text, 86–100 in 100 from names alone: docs/lineage.md "Undeclared parents"). Every answer built with inferred links states it.
    /// </summary>
    public double StatisticsMinConfidence { get; set; } = 0.8;

    /// <summary>
    /// Keeps the graph with inferred links (<c>links=inferred</c> on the family and statistics routes): a further graph of every
    /// Hub model, like <see cref="LineageOptions.LeaderboardLinkGraph"/> (about 37 MiB at 200,000 models, measured by
    /// <c>Lineage.Benchmarks service-state</c>; docs/lineage.md "Memory and cost"). True by default; off,
    /// <c>links=inferred</c> there answers 400 naming this key.
    /// </summary>
    public bool InferredLinkGraph { get; set; } = true;

    /// <summary>
    /// Publishes <c>FamilyAdoptionChanged</c> from the graph with inferred links at or above <see cref="StatisticsMinConfidence"/>
    /// instead of the declared one. False by default, so Fitting's fits follow the Hub's own tags (docs/lineage.md says why).
    /// </summary>
    public bool AdoptionSeries { get; set; }

    public int MaxNameMatches { get; set; } = InferenceOptions.Default.MaxNameMatches;
    public int MaxShapeMatches { get; set; } = InferenceOptions.Default.MaxShapeMatches;
    public int MaxNameTokens { get; set; } = InferenceOptions.Default.MaxNameTokens;
    public int MaxCardMentions { get; set; } = InferenceOptions.Default.MaxCardMentions;
    public double MinimumConfidence { get; set; } = InferenceOptions.Default.MinimumConfidence;
    public int MaxCandidates { get; set; } = InferenceOptions.Default.MaxCandidates;
    public int MaxCycleWalk { get; set; } = InferenceOptions.Default.MaxCycleWalk;

    public InferenceOptions Limits => new()
    {
        MaxNameMatches = MaxNameMatches, MaxShapeMatches = MaxShapeMatches, MaxNameTokens = MaxNameTokens,
        MaxCardMentions = MaxCardMentions, MinimumConfidence = MinimumConfidence, MaxCandidates = MaxCandidates, MaxCycleWalk = MaxCycleWalk,
    };

    public const string Section = "OpenAccess:Lineage:Inference";

    public void Validate()
    {
        if (Interval < TimeSpan.FromMilliseconds(100) || Interval > TimeSpan.FromDays(1))
            throw new InvalidOperationException($"{Section}:Interval must be a time span from 00:00:00.1 to 1.00:00:00, e.g. 00:01:00, not {Interval}.");
        if (MaxDelay < Interval || MaxDelay > TimeSpan.FromDays(1))
            throw new InvalidOperationException($"{Section}:{nameof(MaxDelay)} must be a time span from {Section}:Interval ({Interval}) to 1.00:00:00, e.g. 00:10:00, not {MaxDelay}.");
        Limits.Validate(Section);
        if (!(StatisticsMinConfidence is >= 0 and <= 1))
            throw new InvalidOperationException($"{Section}:{nameof(StatisticsMinConfidence)} must be a number from 0 to 1, e.g. 0.8, not {StatisticsMinConfidence}.");
        if (AdoptionSeries && !(Enabled && InferredLinkGraph))
            throw new InvalidOperationException($"{Section}:{nameof(AdoptionSeries)}=true needs {Section}:Enabled and {Section}:{nameof(InferredLinkGraph)} true: the series are read from the graph with inferred links.");
    }
}
