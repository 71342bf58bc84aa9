namespace OpenAccess.Harvester.Hub;

/// <summary>A request that failed after every retry; carries its URL so the run can record it.</summary>
public sealed class HubRequestException(string url, string reason, Exception? inner = null)
    : Exception($"{reason} ({url})", inner)
{
    public string Url { get; } = url;
    public string Reason { get; } = reason;
}
