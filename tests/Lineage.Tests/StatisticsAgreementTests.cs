using System.Text.Json;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Domain.Statistics;
using OpenAccess.Lineage.Tests.Support;

namespace OpenAccess.Lineage.Tests;

/// <summary>
/// Every statistic gives exactly (to the last bit of every share) the answer of the straightforward
/// <see cref="ReferenceStatistics"/>, on random Hubs and on the bundled real snapshot, under every kind of filter.
/// </summary>
public sealed class StatisticsAgreementTests
{
    public static TheoryData<string> Graphs => ["random 1", "random 2", "random 3", "snapshot"];

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Authors_per_period_agree(string name) => Agree(name, (fast, reference, filter) =>
        from period in Enum.GetValues<TimePeriod>()
        select (Label(period), (object?)fast.AuthorActivity(filter, period), (object?)reference.AuthorActivity(filter, period)));

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Repositories_per_author_agree(string name) => Agree(name, (fast, reference, filter) =>
        [("", fast.RepositoriesPerAuthor(filter), reference.RepositoriesPerAuthor(filter))]);

    [Theory]
    [MemberData(nameof(Graphs))]
    public void New_models_per_week_by_type_agree(string name) => Agree(name, (fast, reference, filter) =>
        [("", fast.NewModelsByType(filter), reference.NewModelsByType(filter))]);

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Total_models_per_week_by_architecture_agree(string name) => Agree(name, (fast, reference, filter) =>
        from top in new[] { 1, 2, 10 }
        select (Label(top), (object?)fast.TotalModelsPerWeekByArchitecture(filter, top), (object?)reference.TotalModelsPerWeekByArchitecture(filter, top)));

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Concentration_agrees(string name) => Agree(name, (fast, reference, filter) =>
        from period in Enum.GetValues<TimePeriod>()
        from topK in new[] { 1, 3, 100 }
        select (Label(period, topK), (object?)fast.Concentration(filter, period, topK), (object?)reference.Concentration(filter, period, topK)));

    private static readonly Dictionary<string, LineageGraph> Built = new()
    {
        ["random 1"] = RandomHub.Graph(1),
        ["random 2"] = RandomHub.Graph(2),
        ["random 3"] = RandomHub.Graph(3, models: 300),
        ["snapshot"] = HubSnapshot.Graph(),
    };

    private static void Agree(string name,
        Func<EcosystemStatistics, ReferenceStatistics, StatisticsFilter, IEnumerable<(string Case, object? Fast, object? Reference)>> compute)
    {
        var graph = Built[name];
        var (fast, reference) = (new EcosystemStatistics(graph), new ReferenceStatistics(graph));
        var compared = 0;
        foreach (var (filterLabel, filter) in Filters(graph))
            foreach (var (label, actual, expected) in compute(fast, reference, filter))
            {
                var what = $"{name}, {filterLabel}{label}: ";
                Assert.Equal(what + JsonSerializer.Serialize(expected), what + JsonSerializer.Serialize(actual));
                compared += expected is null ? 0 : 1;
            }
        Assert.True(compared > 10, "most filters have an answer");
    }

    /// <summary>No filter, time ranges, the largest families, a non-root, authors (one unknown) and mixes of them.</summary>
    private static IEnumerable<(string, StatisticsFilter)> Filters(LineageGraph graph)
    {
        var may2022 = new DateTimeOffset(2022, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var mid2023 = new DateTimeOffset(2023, 6, 14, 12, 0, 0, TimeSpan.Zero);
        var families = graph.TopFamilies(3).Select(f => f.FamilyId).ToList();
        var member = graph.GetDescendants(families[0], new DescendantQuery { Limit = 1 })!.Items[0];
        var busiest = graph.Authors[Enumerable.Range(0, graph.Count).Where(n => graph.AuthorOf[n] >= 0)
            .GroupBy(n => graph.AuthorOf[n]).MaxBy(g => g.Count())!.Key]!;

        yield return ("none", StatisticsFilter.None);
        yield return ("from", new StatisticsFilter { From = may2022 });
        yield return ("to", new StatisticsFilter { To = mid2023 });
        yield return ("range", new StatisticsFilter { From = may2022, To = mid2023 });
        yield return ("empty range", new StatisticsFilter { From = mid2023, To = may2022 });
        foreach (var family in families)
        {
            yield return ($"family {family}", new StatisticsFilter { FamilyId = family });
            yield return ($"family {family} from", new StatisticsFilter { FamilyId = family, From = mid2023 });
        }
        yield return ("not a root", new StatisticsFilter { FamilyId = member.Id });
        yield return ($"author {busiest}", new StatisticsFilter { Author = busiest });
        yield return ($"author {busiest} in range", new StatisticsFilter { Author = busiest, From = may2022, To = mid2023 });
        yield return ($"author {busiest} in family", new StatisticsFilter { Author = busiest, FamilyId = families[0] });
        yield return ("unknown author", new StatisticsFilter { Author = "no-such-author" });
    }

    private static string Label(params object[] parts) => $" ({string.Join(", ", parts)})";
}
