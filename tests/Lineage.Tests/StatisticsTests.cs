using OpenAccess.Lineage.Domain.Statistics;
using OpenAccess.Lineage.Tests.Support;

namespace OpenAccess.Lineage.Tests;

/// <summary>Ecosystem statistics over the nine models of <see cref="NineModels"/>, answers worked out by hand.</summary>
public sealed class StatisticsTests
{
    private static readonly EcosystemStatistics Statistics = new(NineModels.Graph());
    private static readonly DateTimeOffset Jan2024 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset May2024 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Authors_per_month()
    {
        // First models: meta-llama 2023-07, epfl-llm 2023-11, malhajar and microsoft 2023-12,
        // AGBonnet 2024-01, BramVanroy 2024-04, rasyosef 2024-09: 15 months from 2023-07 to 2024-09.
        var series = Statistics.AuthorActivity(StatisticsFilter.None, TimePeriod.Month)!;

        Assert.Equal(15, series.Periods.Length);
        Assert.Equal(new DateOnly(2023, 7, 1), series.Periods[0]);
        Assert.Equal([1, 0, 0, 0, 1, 2, 1, 0, 0, 1, 0, 0, 0, 0, 1], series.NewAuthors);
        Assert.Equal([1, 1, 1, 1, 2, 4, 5, 5, 5, 6, 6, 6, 6, 6, 7], series.TotalAuthors);
    }

    [Fact]
    public void Authors_per_month_in_a_time_range_count_earlier_authors_in_the_total()
    {
        var series = Statistics.AuthorActivity(new StatisticsFilter { From = Jan2024, To = May2024 }, TimePeriod.Month)!;

        Assert.Equal([new DateOnly(2024, 1, 1), new(2024, 2, 1), new(2024, 3, 1), new(2024, 4, 1)], series.Periods);
        Assert.Equal([1, 0, 0, 1], series.NewAuthors);
        Assert.Equal([5, 5, 5, 6], series.TotalAuthors);
    }

    [Fact]
    public void Authors_per_week_of_one_family()
    {
        // phi-2 family: microsoft in the week of Monday 2023-12-11, BramVanroy 2024-04-08 (week 17),
        // rasyosef 2024-09-09 (week 39 of 40).
        var series = Statistics.AuthorActivity(new StatisticsFilter { FamilyId = "microsoft/phi-2" }, TimePeriod.Week)!;

        Assert.Equal(40, series.Periods.Length);
        Assert.Equal(new DateOnly(2023, 12, 11), series.Periods[0]);
        Assert.Equal(new DateOnly(2024, 4, 8), series.Periods[17]);
        Assert.Equal([0, 17, 39], series.NewAuthors.Select((n, i) => (n, i)).Where(p => p.n == 1).Select(p => p.i));
        Assert.Equal(3, series.TotalAuthors[^1]);
    }

    [Fact]
    public void Repositories_per_author()
    {
        var all = Statistics.RepositoriesPerAuthor(StatisticsFilter.None)!;
        var sinceLateApril = Statistics.RepositoriesPerAuthor(new StatisticsFilter { From = new DateTimeOffset(2024, 4, 28, 0, 0, 0, TimeSpan.Zero) })!;

        // BramVanroy owns three, the six others one each; after 2024-04-28 only fietje-2-chat and phi-2-instruct-apo.
        Assert.Equal([1, 3], all.Repositories);
        Assert.Equal([6, 1], all.Authors);
        Assert.Equal([1], sinceLateApril.Repositories);
        Assert.Equal([2], sinceLateApril.Authors);
        Assert.Equal([3], Statistics.RepositoriesPerAuthor(new StatisticsFilter { Author = "bramvanroy" })!.Repositories);
    }

    [Fact]
    public void New_models_per_week_by_type()
    {
        // Weeks from Monday 2023-07-03 to Monday 2024-09-09: 63. Pretrained: Llama-2-7b, phi-2.
        // Fine-tune: meditron-7b, medinote-7b, fietje-2. Chat/instruct (name or conversational tag):
        // meditron-7b-chat, fietje-2-instruct (week of 2024-04-22), fietje-2-chat (2024-04-29), phi-2-instruct-apo.
        var weekly = Statistics.NewModelsByType(StatisticsFilter.None)!;

        Assert.Equal(63, weekly.Periods.Length);
        Assert.Equal((new DateOnly(2023, 7, 3), new DateOnly(2024, 9, 9)), (weekly.Periods[0], weekly.Periods[^1]));
        Assert.Equal(["pretrained", "fine-tune", "chat-instruct", "adapter", "quantized", "merge"], weekly.Series.Select(s => s.Name));
        Assert.Equal([2, 3, 4, 0, 0, 0], weekly.Series.Select(s => s.Values.Sum()));
        var chat = weekly.Series[2].Values;
        Assert.Equal(1, chat[Array.IndexOf(weekly.Periods, new DateOnly(2024, 4, 22))]);
        Assert.Equal(1, chat[Array.IndexOf(weekly.Periods, new DateOnly(2024, 4, 29))]);
    }

    [Fact]
    public void Total_models_per_week_by_architecture()
    {
        // phi: phi-2 and its four derivatives; llama: the three meditron-line models; Llama-2-7b has no
        // config, so "unknown", summed into "other" when only the top two are named.
        var weekly = Statistics.TotalModelsPerWeekByArchitecture(StatisticsFilter.None, top: 2)!;

        Assert.Equal(["phi", "llama", "other"], weekly.Series.Select(s => s.Name));
        Assert.Equal([5, 3, 1], weekly.Series.Select(s => s.Values[^1]));
        var phi2Week = Array.IndexOf(weekly.Periods, new DateOnly(2023, 12, 11));
        Assert.Equal([1, 2, 1], weekly.Series.Select(s => s.Values[phi2Week]));
        Assert.Equal([0, 0, 1], weekly.Series.Select(s => s.Values[0]));
    }

    [Fact]
    public void Concentration_of_derivatives_on_families()
    {
        // Cumulative derivatives 2023-11 … 2024-09: Llama-2-7b 1,2,3 then 3; phi-2 0 until 3 in 2024-04, 4 in 2024-09.
        var series = Statistics.Concentration(StatisticsFilter.None, TimePeriod.Month, topK: 1)!;

        Assert.Equal(11, series.Periods.Length);
        Assert.Equal(new DateOnly(2023, 11, 1), series.Periods[0]);
        Assert.Equal([1, 2, 3, 3, 3, 6, 6, 6, 6, 6, 7], series.TotalDerivatives);
        Assert.Equal([1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 25.0 / 49], series.Herfindahl, Tolerance);
        Assert.Equal([1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 4.0 / 7], series.TopKShare, Tolerance);
        var phi = Assert.Single(series.FamilyShares);
        Assert.Equal("microsoft/phi-2", phi.Name);
        Assert.Equal([0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 4.0 / 7], phi.Values, Tolerance);
    }

    [Fact]
    public void Concentration_of_one_authors_derivatives()
    {
        var series = Statistics.Concentration(new StatisticsFilter { Author = "BramVanroy" })!;

        Assert.Equal([new DateOnly(2024, 4, 1)], series.Periods);
        Assert.Equal([3], series.TotalDerivatives);
        Assert.Equal([1.0], series.Herfindahl);
    }

    [Fact]
    public void A_family_filter_naming_no_root_gives_no_answer()
    {
        Assert.Null(Statistics.NewModelsByType(new StatisticsFilter { FamilyId = "epfl-llm/meditron-7b" }));
        Assert.Null(Statistics.Concentration(new StatisticsFilter { FamilyId = "no-such/model" }));
    }

    private static readonly IEqualityComparer<double> Tolerance = new ToleranceComparer();

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;
        public int GetHashCode(double value) => 0;
    }
}
