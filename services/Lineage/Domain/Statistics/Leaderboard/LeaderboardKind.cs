namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>A leaderboard row's type, from its label's legend (Vake et al. count these, not the Hub's relations).</summary>
public enum LeaderboardKind : byte
{
    Pretrained,
    ContinuouslyPretrained,
    FineTuned,
    Chat,
    Merge,
    /// <summary>No label, or one outside the legend (🌸 multimodal, ❓ other, …).</summary>
    Unknown,
}

public static class LeaderboardKinds
{
    /// <summary>Line names of the new-models series, in enum order.</summary>
    public static readonly string[] Names = ["pretrained", "continuously-pretrained", "fine-tuned", "chat", "merge", "unknown"];

    // The legend's emoji start both the full label ("🔶 fine-tuned on domain-specific datasets") and the short 'T' column.
    // ⭕ is the leaderboard's older mark for continuously pretrained.
    static readonly (string Mark, LeaderboardKind Kind)[] Legend =
    [
        ("🟢", LeaderboardKind.Pretrained), ("🟩", LeaderboardKind.ContinuouslyPretrained), ("⭕", LeaderboardKind.ContinuouslyPretrained),
        ("🔶", LeaderboardKind.FineTuned), ("💬", LeaderboardKind.Chat), ("🤝", LeaderboardKind.Merge),
    ];

    public static LeaderboardKind Of(string? label)
    {
        if (label is null) return LeaderboardKind.Unknown;
        var text = label.TrimStart();
        foreach (var (mark, kind) in Legend)
            if (text.StartsWith(mark, StringComparison.Ordinal)) return kind;
        return LeaderboardKind.Unknown;
    }
}
