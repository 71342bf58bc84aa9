namespace OpenAccess.Harvester.Formats;

/// <summary>The file layouts an import understands, told apart by their content.</summary>
public enum SnapshotFormat
{
    /// <summary>The project's format: one Hub model-info JSON object per line.</summary>
    Jsonl,
    /// <summary>A model-tree crawl CSV (<c>model_id, …, metadata, depth, children, …</c>).</summary>
    HubTreeCsv,
    /// <summary>The v2 leaderboard table (<c>eval_name, Precision, Type, …, Average ⬆️, …</c>).</summary>
    LeaderboardV2Csv,
    /// <summary>The final archived v1 table (<c>t, model, average, arc, hellaswag, …</c>).</summary>
    LeaderboardV1Csv,
    /// <summary>A dated 2023 v1 snapshot (<c>Model, Average, ARC (25-shot), …</c>).</summary>
    LeaderboardV1DatedCsv,
    /// <summary>A v1 per-model <c>results_*.json</c>.</summary>
    LeaderboardV1Results,
}

public static class SnapshotFormatDetector
{
    /// <param name="head">The first kilobytes of the (decompressed) content.</param>
    public static SnapshotFormat? Detect(string head)
    {
        var text = head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('{'))
        {
            return text.Contains("\"config_general\"", StringComparison.Ordinal) && text.Contains("\"harness|", StringComparison.Ordinal)
                ? SnapshotFormat.LeaderboardV1Results
                : SnapshotFormat.Jsonl;
        }

        var end = text.IndexOf('\n');
        var header = (end < 0 ? text : text[..end]).TrimEnd('\r').Split(',').Select(c => c.Trim().Trim('"')).ToHashSet(StringComparer.Ordinal);
        if (header.Contains("model_id") && header.Contains("metadata")) return SnapshotFormat.HubTreeCsv;
        if (header.Contains("eval_name") && header.Contains("Average ⬆️")) return SnapshotFormat.LeaderboardV2Csv;
        if (header.IsSupersetOf(["model", "average", "arc", "hellaswag", "mmlu"])) return SnapshotFormat.LeaderboardV1Csv;
        if (header.Contains("Model") && header.Contains("Average") && header.Any(h => h.StartsWith("ARC", StringComparison.Ordinal))) return SnapshotFormat.LeaderboardV1DatedCsv;
        return null;
    }
}
