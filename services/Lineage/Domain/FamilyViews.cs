using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Domain;

/// <summary>
/// The distinct descendants of a root model, by the relation of each descendant's own link and by
/// its shortest depth under the root (children are depth 1).
/// </summary>
public sealed record FamilySize(
    string FamilyId,
    string? Author,
    DateTimeOffset? ReleasedAt,
    int Derivatives,
    IReadOnlyDictionary<BaseModelRelation, int> ByRelation,
    IReadOnlyDictionary<int, int> ByDepth);

/// <summary>Derivatives of a family created in one calendar month (month 1 holds the release).</summary>
public sealed record AdoptionMonth(
    DateOnly Month,
    int MonthIndex,
    int NewDerivatives,
    int CumulativeDerivatives,
    IReadOnlyDictionary<BaseModelRelation, int> NewByRelation,
    IReadOnlyDictionary<BaseModelRelation, int> CumulativeByRelation)
{
    public AdoptionPoint ToAdoptionPoint() =>
        new(Month, MonthIndex, NewDerivatives, CumulativeDerivatives, CumulativeByRelation);
}

/// <summary>
/// The adoption series of one family. UndatedDerivatives have no creation time and are left out of
/// the months; SeriesVersion is the graph version of the family's last change; ObservedOn is the day
/// (UTC) the data was observed (<see cref="LineageGraph.ObservedAt"/>), in the last month.
/// </summary>
public sealed record AdoptionSeries(
    string FamilyId,
    string? Author,
    DateTimeOffset ReleasedAt,
    IReadOnlyList<AdoptionMonth> Months,
    int UndatedDerivatives,
    long SeriesVersion,
    DateOnly? ObservedOn = null);
