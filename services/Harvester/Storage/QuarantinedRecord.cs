namespace OpenAccess.Harvester.Storage;

/// <summary>A record a run refused, kept so it can be looked at and fixed at the source.</summary>
/// <param name="Id">Stable per run, location and reason, so a resumed run does not list it twice.</param>
/// <param name="Location">Where it was: <c>line 12</c>, <c>row 3 of file.csv</c>, or the page URL and index.</param>
/// <param name="ModelId">The model id when one could be read.</param>
/// <param name="RunId">The run that refused it.</param>
/// <param name="Source">That run's source.</param>
/// <param name="Reason">Why it was refused.</param>
/// <param name="At">When.</param>
/// <param name="Raw">The record as received, cut to a few kilobytes.</param>
public sealed record QuarantinedRecord(string Id, string RunId, string Source, string Location, string? ModelId, string Reason, string Raw, DateTimeOffset At);
