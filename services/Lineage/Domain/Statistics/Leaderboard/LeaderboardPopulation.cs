namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>
/// The members of a leaderboard population: one per model id (case-insensitive), in id order. Of a model's rows
/// the one that wins is the first of: a row with a type label (a full-table row over a dated-snapshot row), the
/// earliest submitted (the submission that put the model on the leaderboard; undated last), the smaller precision
/// name (ordinal). Every field of a member comes from its winning row. Pure; built once per change of the rows.
/// </summary>
public sealed class LeaderboardPopulation
{
    private LeaderboardPopulation(List<LeaderboardRow> members, NameNumbers numbers, int rows, bool namesBases)
    {
        NamesBases = namesBases;
        Count = members.Count;
        Rows = rows;
        Ids = new string[Count];
        Kinds = new LeaderboardKind[Count];
        AuthorOf = new int[Count];
        ArchitectureOf = new int[Count];
        Parameters = new long[Count];
        Ticks = new long[Count];
        Average = new double?[Count];
        // Looked up by the id's namespace as a span: no substring per member, only per new author.
        var authors = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        var architectures = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Count; i++)
        {
            var row = members[i];
            Ids[i] = row.Id;
            Kinds[i] = LeaderboardKinds.Of(row.TypeLabel);
            AuthorOf[i] = Intern(authors, AuthorNames, row.Id.AsSpan(0, Math.Max(0, row.Id.IndexOf('/'))));
            ArchitectureOf[i] = row.Architecture is { } a ? Intern(architectures, ArchitectureNames, a) : -1;
            Parameters[i] = row.ParametersInBillions is > 0 and var b ? (long)Math.Round(b * 1e9) : 0;
            Ticks[i] = row.SubmittedAt?.UtcTicks ?? 0;
            Average[i] = row.Average;
            if (Kinds[i] == LeaderboardKind.Unknown) UnknownKind++;
            if (Parameters[i] == 0) UnknownSize++;
            if (ArchitectureOf[i] < 0) UnknownArchitecture++;
            if (Ticks[i] == 0) Undated++;
        }
        (BaseOf, FamilyOf) = Bases(members, numbers);
        (BenchmarkNames, Score) = Scores(members);
    }

    public int Count { get; }
    /// <summary>Results the population was built from: members plus the rows that lost to them.</summary>
    public int Rows { get; }
    public int Duplicates => Rows - Count;
    public int UnknownKind { get; }
    public int UnknownSize { get; }
    public int UnknownArchitecture { get; }
    public int Undated { get; }
    /// <summary>Whether the table names base models (v2's <c>Base Model</c>); without them there are no families or pairs.</summary>
    public bool NamesBases { get; }

    public string[] Ids { get; }
    public LeaderboardKind[] Kinds { get; }
    /// <summary>Index into <see cref="AuthorNames"/>: the id's namespace.</summary>
    public int[] AuthorOf { get; }
    public List<string> AuthorNames { get; } = [];
    /// <summary>Index into <see cref="ArchitectureNames"/>; -1 when the table gives none.</summary>
    public int[] ArchitectureOf { get; }
    public List<string> ArchitectureNames { get; } = [];
    /// <summary>Parameter count; 0 when unknown.</summary>
    public long[] Parameters { get; }
    /// <summary>Submission time in UTC ticks; 0 when undated.</summary>
    public long[] Ticks { get; }
    public double?[] Average { get; }
    public string[] BenchmarkNames { get; }
    /// <summary>Member i's score on benchmark k at [i * BenchmarkNames.Length + k]; NaN where the row has none.</summary>
    public double[] Score { get; }
    /// <summary>The member the row names as its base; -1 when it names none, itself, or a model not in the table.</summary>
    public int[] BaseOf { get; }
    /// <summary>Index into <see cref="FamilyNames"/>: the top of the chain of named bases; -1 for a model that names no other base.</summary>
    public int[] FamilyOf { get; }
    public List<string> FamilyNames { get; } = [];

    /// <summary>
    /// The population of <paramref name="rows"/>. <paramref name="namesBases"/>: whether the table has a base-model column
    /// (v2 has, v1 has not); it decides, not whether a row happens to fill it.
    /// </summary>
    public static LeaderboardPopulation Of(IEnumerable<LeaderboardRow> rows, bool namesBases)
    {
        var winners = new Dictionary<string, LeaderboardRow>(StringComparer.OrdinalIgnoreCase);
        var count = 0;
        foreach (var row in rows)
        {
            count++;
            if (!winners.TryGetValue(row.Id, out var held) || Wins(row, held)) winners[row.Id] = row;
        }
        var members = winners.Values.ToList();
        members.Sort(LeaderboardRows.ById);
        var numbers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var (own, named) = (new int[members.Count], new int[members.Count]);
        for (var i = 0; i < members.Count; i++)
            (own[i], named[i]) = (Number(numbers, members[i].Id), OtherBase(members[i]) is { } b ? Number(numbers, b) : -1);
        return new LeaderboardPopulation(members, new NameNumbers(own, named, numbers.Count), count, namesBases);
    }

    /// <summary>The population of members already chosen (one winning row per model, in ordinal id order) out of <paramref name="rows"/> results.</summary>
    internal static LeaderboardPopulation OfMembers(List<LeaderboardRow> members, NameNumbers numbers, int rows, bool namesBases) =>
        new(members, numbers, rows, namesBases);

    /// <summary>The base <paramref name="row"/> names other than itself, or null.</summary>
    internal static string? OtherBase(LeaderboardRow row) =>
        row.BaseModel is { } b && !b.Equals(row.Id, StringComparison.OrdinalIgnoreCase) ? b : null;

    /// <summary>The number of <paramref name="name"/>, a new one the first time; names equal ignoring case share one.</summary>
    internal static int Number(Dictionary<string, int> numbers, string name)
    {
        if (numbers.TryGetValue(name, out var n)) return n;
        return numbers[name] = numbers.Count;
    }

    /// <summary>Whether <paramref name="row"/> wins over <paramref name="held"/>, a row of the same model.</summary>
    internal static bool Wins(LeaderboardRow row, LeaderboardRow held)
    {
        if ((row.TypeLabel is null) != (held.TypeLabel is null)) return row.TypeLabel is not null;
        var (mine, theirs) = (row.SubmittedAt?.UtcTicks ?? long.MaxValue, held.SubmittedAt?.UtcTicks ?? long.MaxValue);
        if (mine != theirs) return mine < theirs;
        return string.CompareOrdinal(row.Precision, held.Precision) < 0;
    }

    private (int[] BaseOf, int[] FamilyOf) Bases(List<LeaderboardRow> members, NameNumbers numbers)
    {
        // Ids and named bases come numbered (equal ignoring case, equal number), so a base is found without hashing its name.
        var (own, named) = (numbers.Own, numbers.Base);
        var position = new int[numbers.Names];
        Array.Fill(position, -1);
        for (var i = 0; i < Count; i++) position[own[i]] = i;
        var baseOf = new int[Count];
        var familyOf = new int[Count];
        for (var i = 0; i < Count; i++) baseOf[i] = named[i] >= 0 ? position[named[i]] : -1;
        var familyOfName = new int[numbers.Names];
        Array.Fill(familyOfName, -1);
        for (var i = 0; i < Count; i++)
        {
            familyOf[i] = -1;
            if (named[i] < 0) continue;
            // Up the chain of named bases to a member that names none, or to a base not in the table (named by the member
            // 'outside' of); bounded, so a cycle ends.
            var (top, outside) = baseOf[i] >= 0 ? (baseOf[i], -1) : (-1, i);
            for (var steps = 0; steps < Count && outside < 0 && named[top] >= 0; steps++)
                (top, outside) = baseOf[top] >= 0 ? (baseOf[top], -1) : (top, top);
            var name = outside >= 0 ? named[outside] : own[top];
            if (familyOfName[name] < 0)
            {
                FamilyNames.Add(outside >= 0 ? members[outside].BaseModel! : Ids[top]);
                familyOfName[name] = FamilyNames.Count - 1;
            }
            familyOf[i] = familyOfName[name];
        }
        return (baseOf, familyOf);
    }

    private (string[] Names, double[] Score) Scores(List<LeaderboardRow> members)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var read = new KeyValuePair<string, double>[Count][];
        // Rows mostly list the same benchmarks in the same order: the previous row's name at a position saves a lookup.
        var previous = Array.Empty<KeyValuePair<string, double>>();
        var previousIndex = Array.Empty<int>();
        var index = new int[Count][];
        for (var i = 0; i < Count; i++)
        {
            var scores = read[i] = members[i].Scores as KeyValuePair<string, double>[] ?? members[i].Scores.ToArray();
            var at = index[i] = new int[scores.Length];
            for (var k = 0; k < scores.Length; k++)
                at[k] = k < previous.Length && string.Equals(previous[k].Key, scores[k].Key, StringComparison.Ordinal) ? previousIndex[k] : Intern(seen, names, scores[k].Key);
            (previous, previousIndex) = (scores, at);
        }
        var score = new double[Count * names.Count];
        Array.Fill(score, double.NaN);
        for (var i = 0; i < Count; i++)
            for (var k = 0; k < read[i].Length; k++) score[i * names.Count + index[i][k]] = read[i][k].Value;
        return (names.ToArray(), score);
    }

    private static int Intern(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> seen, List<string> names, ReadOnlySpan<char> name)
    {
        if (seen.TryGetValue(name, out var n)) return n;
        names.Add(name.ToString());
        return seen.Dictionary[names[^1]] = names.Count - 1;
    }

    private static int Intern(Dictionary<string, int> seen, List<string> names, string name)
    {
        if (seen.TryGetValue(name, out var n)) return n;
        names.Add(name);
        return seen[name] = names.Count - 1;
    }

    /// <summary>The parameter-size bucket of member <paramref name="i"/> (index into <see cref="ParameterSizeBuckets.Labels"/>).</summary>
    public int SizeBucket(int i) => ParameterSizeBuckets.Of(Parameters[i] > 0 ? Parameters[i] : null);
}

/// <summary>
/// Each member's id (<paramref name="Own"/>) and the base it names other than itself (<paramref name="Base"/>, -1 for
/// none) as numbers below <paramref name="Names"/>, equal for names equal ignoring case.
/// </summary>
internal sealed record NameNumbers(int[] Own, int[] Base, int Names);
