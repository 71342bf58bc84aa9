using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Harvester.Storage;

public static class Quarantine
{
    /// <summary>The default of <c>OpenAccess:Harvester:MaxQuarantinedRawLength</c>.</summary>
    public const int DefaultMaxRawLength = 4096;

    /// <summary>
    /// An entry keeping <c>maxRawLength</c> characters of the record; a longer one is cut and says how long it was, so a
    /// hostile record of megabytes costs the store and the quarantine listing a few kilobytes.
    /// </summary>
    public static QuarantinedRecord Entry(HarvestRun run, string location, string? modelId, string reason, string raw, DateTimeOffset at, int maxRawLength = DefaultMaxRawLength) => new(
        MessageIds.From("quarantine", run.Id, location, reason).ToString("N"), run.Id, run.Source, location, Cut(modelId, 256), reason, Cut(raw, maxRawLength)!, at);

    static string? Cut(string? text, int max) =>
        text is null || text.Length <= max ? text : $"{text[..max]}… [cut: {max:N0} of {text.Length:N0} characters kept]";
}
