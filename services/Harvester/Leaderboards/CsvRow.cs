using System.Globalization;

namespace OpenAccess.Harvester.Leaderboards;

/// <summary>One row of a leaderboard table by column name; the same shape for CSV rows and datasets-server rows.</summary>
public sealed class CsvRow(IReadOnlyDictionary<string, int> columns, IReadOnlyList<string?> values)
{
    public static IReadOnlyDictionary<string, int> Columns(IReadOnlyList<string> header) =>
        header.Select((name, i) => (name: name.Trim().TrimStart('\uFEFF'), i)).GroupBy(c => c.name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);

    public string? this[string column] => columns.TryGetValue(column, out var i) && i < values.Count && !string.IsNullOrWhiteSpace(values[i]) ? values[i]!.Trim() : null;

    /// <summary>The first of <paramref name="names"/> that the table has (column names changed between snapshots).</summary>
    public string? Any(params string[] names) => names.Select(n => this[n]).FirstOrDefault(v => v is not null);

    public double? Number(params string[] names) =>
        Any(names) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : null;
}
