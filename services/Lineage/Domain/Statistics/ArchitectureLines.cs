namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>Weekly counts per architecture made cumulative and ranked: the top named, the rest summed as <c>other</c>.</summary>
internal static class ArchitectureLines
{
    /// <summary>
    /// <paramref name="lines"/> holds new models per week, one array per architecture index (null where it has none), and
    /// is summed in place; <paramref name="top"/> lines are named by <paramref name="nameOf"/>, over <paramref name="weeks"/> weeks.
    /// </summary>
    public static List<CountSeries> Ranked(int[]?[] lines, Func<int, string> nameOf, int top, int weeks)
    {
        var ranked = new List<(string Name, int[] Line)>();
        for (var a = 0; a < lines.Length; a++)
        {
            if (lines[a] is not { } line) continue;
            for (var i = 1; i < line.Length; i++) line[i] += line[i - 1];
            ranked.Add((nameOf(a), line));
        }
        ranked.Sort((x, y) => x.Line[^1] != y.Line[^1] ? y.Line[^1].CompareTo(x.Line[^1]) : string.CompareOrdinal(x.Name, y.Name));
        var series = ranked.Take(top).Select(a => new CountSeries(a.Name, a.Line)).ToList();
        if (ranked.Count > top)
        {
            var other = new int[weeks];
            foreach (var (_, line) in ranked.Skip(top))
                for (var i = 0; i < weeks; i++) other[i] += line[i];
            series.Add(new CountSeries("other", other));
        }
        return series;
    }
}
