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
        var series = NineModels.Graph().GetAdoptionSeries("meta-llama/Llama-2-7b", throughMonth: new DateOnly(2024, 1, 1))!;

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
    public void A_series_runs_to_the_day_the_data_was_observed_not_to_its_last_derivative()
    {
        // The newest time among the nine is fietje-2's last commit, 2024-12-23T20:21:18Z; Llama-2-7b's last derivative is
        // of 2024-01 (month 7), so months 8 … 18 (2024-02 … 2024-12) are observed months without a new derivative.
        var series = NineModels.Graph().GetAdoptionSeries("meta-llama/Llama-2-7b")!;

        Assert.Equal(new DateOnly(2024, 12, 23), series.ObservedOn);
        Assert.Equal(18, series.Months.Count);
        Assert.Equal(new DateOnly(2024, 12, 1), series.Months[^1].Month);
        Assert.Equal([0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], series.Months.Select(m => m.CumulativeDerivatives));
    }

    [Fact]
    public void The_bundled_snapshot_is_observed_on_its_newest_record()
    {
        // The example: Llama-2-7b's series ended at 2025-01 (its last derivative) though the snapshot runs to 2025-04-21.
        var series = HubSnapshot.Graph().GetAdoptionSeries("meta-llama/Llama-2-7b")!;

        Assert.Equal(new DateOnly(2025, 4, 21), series.ObservedOn);
        Assert.Equal(new DateOnly(2025, 4, 1), series.Months[^1].Month);
        Assert.Equal(22, series.Months.Count);
    }

    [Fact]
    public void The_observation_date_and_the_series_do_not_depend_on_the_order_records_arrive_in()
    {
        var forward = NineModels.Graph();
        var backward = HubSnapshot.Graph(NineModels.Ids.Reverse().Select(HubSnapshot.Model));

        foreach (var family in (string[])["meta-llama/Llama-2-7b", "microsoft/phi-2"])
        {
            var (a, b) = (forward.GetAdoptionSeries(family)!, backward.GetAdoptionSeries(family)!);
            Assert.Equal(a.ObservedOn, b.ObservedOn);
            Assert.Equal(a.Months.Select(m => (m.Month, m.CumulativeDerivatives)), b.Months.Select(m => (m.Month, m.CumulativeDerivatives)));
        }
    }

    [Fact]
    public void A_later_observation_day_changes_every_family_and_an_earlier_one_none()
    {
        var graph = NineModels.Graph();
        graph.TakeChangedFamilies();
        var phi2 = HubSnapshot.Model("microsoft/phi-2");

        // A commit to phi-2 alone, a month after everything else: Llama-2-7b's series gains a month too.
        graph.Upsert(phi2 with { LastModified = new DateTimeOffset(2025, 1, 20, 9, 0, 0, TimeSpan.Zero) });

        Assert.Equal(["meta-llama/Llama-2-7b", "microsoft/phi-2"], graph.TakeChangedFamilies());
        Assert.Equal(new DateOnly(2025, 1, 20), graph.GetAdoptionSeries("meta-llama/Llama-2-7b")!.ObservedOn);
        Assert.Equal(19, graph.GetAdoptionSeries("meta-llama/Llama-2-7b")!.Months.Count);

        graph.Upsert(phi2 with { LastModified = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero) });
        Assert.Empty(graph.TakeChangedFamilies());
        Assert.Equal(new DateOnly(2025, 1, 20), graph.GetAdoptionSeries("microsoft/phi-2")!.ObservedOn);
    }

    [Fact]
    public void A_model_that_is_not_a_root_has_no_series()
    {
        Assert.Null(NineModels.Graph().GetAdoptionSeries("epfl-llm/meditron-7b"));
    }
}
