using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Tests.Fixtures;

namespace OpenAccess.Fitting.Tests;

public class BacktestTests
{
    static readonly ForecastBacktest Backtest = new();

    [Fact]
    public void Baselines_extend_a_line_and_repeat_the_last_growth()
    {
        IReadOnlyList<AdoptionObservation> history = [new(1, 2), new(2, 4), new(3, 6), new(4, 10)];

        // Least squares through (1,2) (2,4) (3,6) (4,10): slope 2.6, intercept −1.
        var trend = NaiveForecasts.LinearTrend(history, [5, 6]);
        Assert.Equal(12.0, trend[0], 1e-9);
        Assert.Equal(14.6, trend[1], 1e-9);
        Assert.Equal([14.0, 18.0], NaiveForecasts.LastGrowthRepeated(history, [5, 6]));
    }

    [Fact]
    public void On_series_that_follow_the_model_the_model_beats_both_baselines()
    {
        var families = Enumerable.Range(1, 4).Select(i => new FamilySeries($"f{i}", "org",
            SyntheticSeries.Exact(30, new WsbParameters(3 + i * 0.5, 1.5 + i * 0.2, 0.7), 30))).ToList();

        var skill = Backtest.Run(families, 30, heldOutMonths: 6);

        Assert.Equal(4, skill.FamiliesScored);
        Assert.True(skill.Wsb!.MeanAbsoluteError < 0.01, $"WSB error {skill.Wsb.MeanAbsoluteError} on its own curves");
        Assert.Equal(4, skill.WsbBeatsLinearTrend);
        Assert.Equal(4, skill.WsbBeatsLastGrowth);
    }

    [Fact]
    public void The_real_families_are_scored_and_the_short_ones_say_why_not()
    {
        var families = RealSeries.Families.Select(f => new FamilySeries(f.FamilyId, f.Author, f.Series));

        var skill = Backtest.Run(families, RealSeries.Scipy.M, heldOutMonths: 3);

        Assert.Equal(4, skill.FamiliesScored);
        var scout = skill.Families.Single(f => f.FamilyId == "meta-llama/Llama-4-Scout-17B-16E");
        Assert.Equal(FitStatus.NotEnoughData, scout.Status);
        Assert.Null(scout.Wsb);
        var llama2 = skill.Families.Single(f => f.FamilyId == "meta-llama/Llama-2-7b");
        // Months 20–22 stayed at 73; the last-growth baseline repeats month 19's +4 (69 → 73): 77, 81, 85.
        Assert.Equal((77 + 81 + 85 - 3 * 73) / 3.0, llama2.LastGrowth!.MeanAbsoluteError, 1e-9);
        Assert.All(skill.Families.Where(f => f.Wsb is not null), f => Assert.True(double.IsFinite(f.Wsb!.MeanAbsolutePercentageError)));
    }

    [Fact]
    public void Holding_out_the_whole_series_is_not_enough_data()
    {
        var skill = Backtest.Score(new FamilySeries("f", "org", SyntheticSeries.Exact(30, new WsbParameters(3, 1, 1), 5)), 30, 5);

        Assert.Equal(FitStatus.NotEnoughData, skill.Status);
    }
}
