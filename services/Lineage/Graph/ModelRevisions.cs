namespace OpenAccess.Lineage.Graph;

/// <summary>
/// Of each model the intake applied, the two fields of its stored record a <see cref="Contracts.ModelsDiscovered"/> does not
/// carry and the consumer needs: the revision (<c>LastModified</c>, to ignore an older one arriving late) and the leaderboard's
/// type label (set by <see cref="Contracts.BenchmarkUpdated"/>, kept when a new revision arrives). Kept by graph node, so the
/// consumer no longer reads each message's records back from the store for them: a long a node, and a label only for the
/// few models the leaderboard names. The intake sets it for every record it applies (from the bus, from the store at start,
/// from the writer's notices on a replica), so it holds what the store holds. Safe for concurrent writers and readers.
/// </summary>
public sealed class ModelRevisions
{
    readonly Lock gate = new();
    long[] ticksByNode = new long[256];
    readonly Dictionary<int, string> labels = [];
    readonly Dictionary<string, string> labelSpellings = new(StringComparer.Ordinal);

    /// <summary>What the store holds of a model for the consumer: its revision and its leaderboard label, each null when none.</summary>
    public readonly record struct Known(DateTimeOffset? LastModified, string? LeaderboardTypeLabel);

    /// <summary>Of graph node <paramref name="node"/>; nothing known for a node the intake has not applied (or -1: no node).</summary>
    public Known Of(int node)
    {
        if (node < 0) return default;
        lock (gate)
        {
            // Ticks are stored plus one so that 0 means none: DateTimeOffset.MinValue is a revision too (if an odd one).
            var ticks = node < ticksByNode.Length ? ticksByNode[node] : 0;
            return new(ticks == 0 ? null : new DateTimeOffset(ticks - 1, TimeSpan.Zero), labels.GetValueOrDefault(node));
        }
    }

    /// <summary>Keeps what the record stored for <paramref name="node"/> says.</summary>
    public void Set(int node, DateTimeOffset? lastModified, string? leaderboardTypeLabel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(node);
        lock (gate)
        {
            if (node >= ticksByNode.Length) Array.Resize(ref ticksByNode, Math.Max(ticksByNode.Length * 2, node + 1));
            ticksByNode[node] = lastModified is { } modified ? modified.UtcTicks + 1 : 0;
            SetLabelLocked(node, leaderboardTypeLabel);
        }
    }

    /// <summary>
    /// Keeps the label alone: the leaderboard labels the record the store held, and a newer revision the consumer applied
    /// meanwhile must not be taken back to that record's.
    /// </summary>
    public void SetLabel(int node, string? leaderboardTypeLabel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(node);
        lock (gate) SetLabelLocked(node, leaderboardTypeLabel);
    }

    void SetLabelLocked(int node, string? leaderboardTypeLabel)
    {
        if (leaderboardTypeLabel is null)
        {
            labels.Remove(node);
            return;
        }
        // One instance a label text: a result's label is a string of its own once deserialised.
        if (!labelSpellings.TryGetValue(leaderboardTypeLabel, out var label)) labelSpellings[label = leaderboardTypeLabel] = label;
        labels[node] = label;
    }
}
