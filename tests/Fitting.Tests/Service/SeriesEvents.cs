using OpenAccess.Contracts;
using OpenAccess.Fitting.Tests.Fixtures;

namespace OpenAccess.Fitting.Tests.Service;

/// <summary>FamilyAdoptionChanged events as Lineage publishes them, for the real snapshot families or for given counts.</summary>
public static class SeriesEvents
{
    /// <summary>The newest record of the bundled snapshot, which Lineage takes as the day its data was observed.</summary>
    public static readonly DateOnly SnapshotObservedOn = new(2025, 4, 21);

    public static FamilyAdoptionChanged From(RealFamily family, long version = 1)
    {
        var release = DateOnly.ParseExact(family.ReleaseMonth + "-01", "yyyy-MM-dd");
        return Build(family.FamilyId, family.Author, release, version, family.CumulativeDerivatives) with { ObservedOn = SnapshotObservedOn };
    }

    public static FamilyAdoptionChanged Counts(string family, long version, params int[] cumulative) =>
        Build(family, family.Split('/')[0], new DateOnly(2023, 7, 1), version, cumulative);

    static FamilyAdoptionChanged Build(string family, string author, DateOnly release, long version, int[] cumulative) => new()
    {
        FamilyId = family,
        Author = author,
        ReleasedAt = new DateTimeOffset(release.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
        SeriesVersion = version,
        Months = [.. cumulative.Select((c, i) => new AdoptionPoint(release.AddMonths(i), i + 1, i == 0 ? c : c - cumulative[i - 1], c,
            new Dictionary<BaseModelRelation, int> { [BaseModelRelation.Finetune] = c }))],
    };
}
