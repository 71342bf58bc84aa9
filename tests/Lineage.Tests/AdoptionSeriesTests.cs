using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Tests.Support;

namespace OpenAccess.Lineage.Tests;

public sealed class AdoptionSeriesTests
{
    [Fact]
    public void Llama_2_7b_series_counts_derivatives_per_month_from_its_release()
    {
        // Released 2023-07 (month 1); meditron-7b 2023-11 (5), meditron-7b-chat 2023-12 (6), medinote-7b 2024-01 (7).
        var series = NineModels.Graph().GetAdoptionSeries("meta-llama/Llama-2-7b")!;

        Assert.Equal(new DateOnly(2023, 7, 1), series.Months[0].Month);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], series.Months.Select(m => m.MonthIndex));
        Assert.Equal([0, 0, 0, 0, 1, 1, 1], series.Months.Select(m => m.NewDerivatives));
        Assert.Equal([0, 0, 0, 0, 1, 2, 3], series.Months.Select(m => m.CumulativeDerivatives));
        Assert.Equal(3, series.Months[^1].CumulativeByRelation[BaseModelRelation.Finetune]);
        Assert.Equal(0, series.Months[^1].CumulativeByRelation[BaseModelRelation.Merge]);
        Assert.Equal("meta-llama", series.Author);
    }

    [Fact]
    public void Phi_2_series_runs_through_the_requested_month_without_gaps()
    {
        // Released 2023-12 (month 1); three fietje models 2024-04 (5), phi-2-instruct-apo 2024-09 (10).
        var series = NineModels.Graph().GetAdoptionSeries("microsoft/phi-2", throughMonth: new DateOnly(2024, 11, 1))!;

        Assert.Equal(12, series.Months.Count);
        Assert.Equal([0, 0, 0, 0, 3, 3, 3, 3, 3, 4, 4, 4], series.Months.Select(m => m.CumulativeDerivatives));
        Assert.Equal(new DateOnly(2024, 9, 1), series.Months[9].Month);
        Assert.Equal(1, series.Months[9].NewDerivatives);
        Assert.Equal(1, series.Months[9].NewByRelation[BaseModelRelation.Finetune]);
    }

    [Fact]
    public void A_month_maps_one_to_one_onto_the_event_point()
    {
        var month = NineModels.Graph().GetAdoptionSeries("microsoft/phi-2")!.Months[4];

        var point = month.ToAdoptionPoint();

        Assert.Equal((new DateOnly(2024, 4, 1), 5, 3, 3), (point.Month, point.MonthIndex, point.NewDerivatives, point.CumulativeDerivatives));
        Assert.Equal(3, point.CumulativeByRelation[BaseModelRelation.Finetune]);
    }

    [Fact]
    public void Only_the_families_touched_since_the_last_call_are_reported_changed()
    {
        var graph = NineModels.Graph();
        Assert.Equal(["meta-llama/Llama-2-7b", "microsoft/phi-2"], graph.TakeChangedFamilies());
        var versionBefore = graph.GetAdoptionSeries("microsoft/phi-2")!.SeriesVersion;

        graph.Upsert(HubSnapshot.Model("BramVanroy/fietje-2-chat") with { CreatedAt = new DateTimeOffset(2024, 5, 2, 0, 0, 0, TimeSpan.Zero) });

        Assert.Equal(["microsoft/phi-2"], graph.TakeChangedFamilies());
        Assert.Empty(graph.TakeChangedFamilies());
        Assert.True(graph.GetAdoptionSeries("microsoft/phi-2")!.SeriesVersion > versionBefore);
        Assert.Equal(1, graph.GetAdoptionSeries("microsoft/phi-2")!.Months[5].NewDerivatives);
    }

    [Fact]
    public void A_model_that_is_not_a_root_has_no_series()
    {
        Assert.Null(NineModels.Graph().GetAdoptionSeries("epfl-llm/meditron-7b"));
    }
}
