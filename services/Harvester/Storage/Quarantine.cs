using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Harvester.Storage;

public static class Quarantine
{
    const int MaxRawLength = 4096;

    public static QuarantinedRecord Entry(HarvestRun run, string location, string? modelId, string reason, string raw, DateTimeOffset at) => new(
        MessageIds.From("quarantine", run.Id, location, reason).ToString("N"), run.Id, run.Source, location, modelId, reason,
        raw.Length <= MaxRawLength ? raw : raw[..MaxRawLength] + "…", at);
}
