namespace OpenAccess.Lineage.Storage;

/// <summary>
/// The last adoption series published for a family: its content hash and version. A restart republishes
/// only what differs from it, and the version keeps rising across restarts.
/// </summary>
public sealed record PublishedSeries(string FamilyId, string Hash, long SeriesVersion);
