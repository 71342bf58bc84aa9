namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>
/// One leaderboard version's rows kept as results arrive: each model's winning row (the rule of
/// <see cref="LeaderboardPopulation"/>) in ordinal id order, and the count of results. A rebuild after a new row then
/// reads the members as they stand instead of re-collecting every result and choosing each model's winner again; only
/// the model that changed is chosen again. Pure and not thread-safe: the caller serialises changes and snapshots.
/// </summary>
public sealed class LeaderboardRows
{
    internal static readonly Comparer<LeaderboardRow> ById = Comparer<LeaderboardRow>.Create((a, b) => string.CompareOrdinal(a.Id, b.Id));

    readonly Dictionary<string, (LeaderboardRow Winner, int Rows)> models = new(StringComparer.OrdinalIgnoreCase);
    readonly List<LeaderboardRow> members = [];

    /// <summary>Every id and named base seen, numbered for good (<see cref="NameNumbers"/>): grows with the distinct names, never shrinks.</summary>
    readonly Dictionary<string, int> numbers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Beside <see cref="members"/>, position for position: the numbers of each member's id and of the base it names.</summary>
    readonly List<int> own = [], named = [];

    /// <summary>Results held: members plus the rows that lost to them.</summary>
    public int Rows { get; private set; }

    public int Count => members.Count;

    /// <summary>
    /// Replaces what is held of <paramref name="modelId"/> (matched case-insensitively) with <paramref name="rows"/>: every
    /// result the model now has in this version (none removes it). The winner's scores are read once, here.
    /// </summary>
    public void Set(string modelId, IReadOnlyCollection<LeaderboardRow> rows)
    {
        if (models.Remove(modelId, out var held))
        {
            Rows -= held.Rows;
            var at = members.BinarySearch(held.Winner, ById);
            members.RemoveAt(at);
            own.RemoveAt(at);
            named.RemoveAt(at);
        }
        if (rows.Count == 0) return;
        LeaderboardRow? winner = null;
        foreach (var row in rows)
            if (winner is null || LeaderboardPopulation.Wins(row, winner)) winner = row;
        winner = winner! with { Scores = winner.Scores.ToArray() };
        models[modelId] = (winner, rows.Count);
        Rows += rows.Count;
        var to = ~members.BinarySearch(winner, ById);
        members.Insert(to, winner);
        own.Insert(to, LeaderboardPopulation.Number(numbers, winner.Id));
        named.Insert(to, LeaderboardPopulation.OtherBase(winner) is { } b ? LeaderboardPopulation.Number(numbers, b) : -1);
    }

    /// <summary>The members as they stand and the count of results, copied so that the population is built outside the caller's lock.</summary>
    internal (List<LeaderboardRow> Members, NameNumbers Numbers, int Rows) Snapshot() => ([.. members], new NameNumbers([.. own], [.. named], numbers.Count), Rows);
}
