using System.Globalization;
using System.IO.Compression;
using Microsoft.VisualBasic.FileIO;

namespace OpenAccess.Integration.Tests.Infrastructure;

/// <summary>A bundled leaderboard table, read with the framework's own CSV parser rather than the harvester's: the expected answers.</summary>
public sealed record LeaderboardTable(IReadOnlyList<IReadOnlyDictionary<string, string>> Rows)
{
    public static string BundledV2Path => Path.Combine(AppContext.BaseDirectory, "Seed", "open_llm_leaderboard_v2_2025-02.csv.gz");
    public static string BundledV1Path => Path.Combine(AppContext.BaseDirectory, "Seed", "open_llm_leaderboard_v1_final_half.csv.gz");

    public static LeaderboardTable Read(string gzipPath)
    {
        using var parser = new TextFieldParser(new GZipStream(File.OpenRead(gzipPath), CompressionMode.Decompress)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields()!;
        var rows = new List<IReadOnlyDictionary<string, string>>();
        while (parser.ReadFields() is { } fields)
        {
            rows.Add(header.Select((name, i) => (name, value: i < fields.Length ? fields[i] : "")).ToDictionary(f => f.name, f => f.value));
        }

        return new LeaderboardTable(rows);
    }

    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
