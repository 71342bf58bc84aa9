using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Domain;

/// <summary>
/// What makes a model "changed" for the harvester: its revision sha, its last-modified time and its
/// downloads bucket (powers of two, so daily download noise does not republish the whole Hub).
/// </summary>
public static class ModelFingerprint
{
    public static string Of(ModelDiscovered model) =>
        $"{model.Sha}|{model.LastModified?.UtcTicks}|{DownloadsBucket(model.Downloads)}";

    public static int DownloadsBucket(long downloads) => downloads <= 0 ? 0 : 64 - (int)long.LeadingZeroCount(downloads);
}
