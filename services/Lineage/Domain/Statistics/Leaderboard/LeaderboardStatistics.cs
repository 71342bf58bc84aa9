using System.Runtime.InteropServices;

namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>
/// The ecosystem figures of <see cref="EcosystemStatistics"/> over a leaderboard population: each member a model
/// submitted to the leaderboard, dated by its submission, typed by its label, sized by its parameter column. The
/// same filters: [From, To) on the submission date, Author the id's namespace, FamilyId a top of the chain of
/// named bases (only where the table names bases). Methods return null when the filter names no such family.
/// </summary>
public sealed partial class LeaderboardStatistics(LeaderboardPopulation population, int maxPoints = EcosystemStatistics.DefaultMaxPoints)
{
    public LeaderboardPopulation Population => population;

    /// <summary>Total and new authors (namespaces) per period; new in the period of their first submission in scope.</summary>
    public AuthorActivitySeries? AuthorActivity(StatisticsFilter filter, TimePeriod period)
    {
        if (Scope(filter) is not { } scope) return null;
        var firstPeriod = new int[population.AuthorNames.Count];
        Array.Fill(firstPeriod, int.MaxValue);
        foreach (var i in scope)
            if (population.Ticks[i] is var ticks and not 0)
                firstPeriod[population.AuthorOf[i]] = Math.Min(firstPeriod[population.AuthorOf[i]], TimeBuckets.Number(ticks, period));
        var data = TimeBuckets.NoPeriods;
        foreach (var number in firstPeriod)
            if (number != int.MaxValue) TimeBuckets.Include(ref data, number);
        var (first, last) = TimeBuckets.Span(filter, period, data, maxPoints);
        var fresh = new int[Math.Max(0, last - first + 1)];
        var before = 0;
        foreach (var number in firstPeriod)
        {
            if (number == int.MaxValue) continue;
            if (number < first) before++;
            else if (number <= last) fresh[number - first]++;
        }
        var total = new int[fresh.Length];
        for (var i = 0; i < fresh.Length; i++) total[i] = before += fresh[i];
        return new AuthorActivitySeries(period, TimeBuckets.Labels(first, last, period), total, fresh);
    }

    /// <summary>Authors by the number of models they submitted in the time range.</summary>
    public RepositoriesPerAuthorDistribution? RepositoriesPerAuthor(StatisticsFilter filter)
    {
        if (Scope(filter) is not { } scope) return null;
        var perAuthor = new int[population.AuthorNames.Count];
        foreach (var i in scope)
            if (InRange(i, filter)) perAuthor[population.AuthorOf[i]]++;
        var owning = perAuthor.Where(n => n > 0).GroupBy(n => n).OrderBy(g => g.Key).ToList();
        return new RepositoriesPerAuthorDistribution(owning.Select(g => g.Key).ToArray(), owning.Select(g => g.Count()).ToArray());
    }

    /// <summary>Models submitted each period (a week unless asked), one line per <see cref="LeaderboardKind"/> (always all six, in enum order).</summary>
    public PeriodCounts? NewModelsByType(StatisticsFilter filter, TimePeriod period = TimePeriod.Week)
    {
        if (Scope(filter) is not { } scope) return null;
        var (first, last) = TimeBuckets.Span(filter, period, DatedPeriods(scope, period), maxPoints);
        var counts = LeaderboardKinds.Names.Select(_ => new int[Math.Max(0, last - first + 1)]).ToArray();
        foreach (var i in scope)
        {
            if (population.Ticks[i] == 0) continue;
            var number = TimeBuckets.Number(population.Ticks[i], period);
            if (number >= first && number <= last) counts[(int)population.Kinds[i]][number - first]++;
        }
        return new PeriodCounts(period, TimeBuckets.Labels(first, last, period),
            LeaderboardKinds.Names.Select((name, k) => new CountSeries(name, counts[k])).ToList());
    }

    /// <summary>
    /// Models submitted up to the end of each week by the architecture column (<c>unknown</c> where it gives none); the
    /// <paramref name="top"/> largest at the last week named, the rest summed as <c>other</c>. Earlier ones count in the first week.
    /// </summary>
    public PeriodCounts? TotalModelsPerWeekByArchitecture(StatisticsFilter filter, int top = 10)
    {
        if (Scope(filter) is not { } scope) return null;
        var (first, last) = TimeBuckets.Span(filter, TimePeriod.Week, DatedPeriods(scope, TimePeriod.Week), maxPoints);
        var weeks = Math.Max(0, last - first + 1);
        var unknown = population.ArchitectureNames.Count;
        var lines = new int[]?[unknown + 1];
        foreach (var i in scope)
        {
            if (population.Ticks[i] == 0 || weeks == 0) continue;
            var week = TimeBuckets.Number(population.Ticks[i], TimePeriod.Week);
            if (week > last) continue;
            var architecture = population.ArchitectureOf[i] is var a and >= 0 ? a : unknown;
            (lines[architecture] ??= new int[weeks])[Math.Max(0, week - first)]++;
        }
        return new PeriodCounts(TimePeriod.Week, TimeBuckets.Labels(first, last, TimePeriod.Week),
            ArchitectureLines.Ranked(lines, a => a == unknown ? "unknown" : population.ArchitectureNames[a], top, weeks));
    }

    /// <summary>
    /// Share of the derivatives (members naming another base) each family holds at the end of each period, the top-k
    /// share and the Herfindahl–Hirschman index, as <see cref="EcosystemStatistics.Concentration"/>. Only where the table names bases.
    /// </summary>
    public ConcentrationSeries? Concentration(StatisticsFilter filter, TimePeriod period = TimePeriod.Month, int topK = 5)
    {
        if (Scope(filter) is not { } scope) return null;
        var before = filter.To?.UtcTicks ?? long.MaxValue;
        var single = filter.FamilyId is not null;
        using var shares = new FamilyShares(single ? 1 : population.FamilyNames.Count, scope.Count);
        foreach (var i in scope)
            if (population.FamilyOf[i] >= 0 && population.Ticks[i] is var ticks and not 0 && ticks < before)
                shares.Add(single ? 0 : population.FamilyOf[i], TimeBuckets.Number(ticks, period));
        return shares.Series(filter, period, topK, maxPoints, f => single ? filter.FamilyId! : population.FamilyNames[f]);
    }

    /// <summary>The members the filter's family and author keep (time is each statistic's own); null for an unknown family.</summary>
    private List<int>? Scope(StatisticsFilter filter)
    {
        var family = -1;
        if (filter.FamilyId is { } familyId && (family = population.FamilyNames.FindIndex(f => f.Equals(familyId, StringComparison.OrdinalIgnoreCase))) < 0) return null;
        var author = filter.Author is { } name ? population.AuthorNames.FindIndex(a => a.Equals(name, StringComparison.OrdinalIgnoreCase)) : -2;
        var scope = new List<int>(population.Count);
        for (var i = 0; i < population.Count; i++)
        {
            if (author != -2 && population.AuthorOf[i] != author) continue;
            if (family >= 0 && population.FamilyOf[i] != family && !population.Ids[i].Equals(population.FamilyNames[family], StringComparison.OrdinalIgnoreCase)) continue;
            scope.Add(i);
        }
        return scope;
    }

    private bool InRange(int i, StatisticsFilter filter) => filter.InRange(population.Ticks[i]);

    private (int First, int Last) DatedPeriods(List<int> scope, TimePeriod period) => TimeBuckets.Dated(CollectionsMarshal.AsSpan(scope), population.Ticks, period);
}
