using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;

namespace OpenAccess.Lineage.Inference;

/// <summary>
/// The Hub models each model's card names (<see cref="ModelCardSummary.ModelMentions"/>, read by the Harvester), kept for
/// recovery by graph node. At Hub scale memory decides the shape: a node holds an int per mention (the mentioned id interned
/// once for every card that names it, with the derivation in its low bits), and a model whose card names none holds nothing
/// but its slot. Safe for one writer (the intake) and concurrent readers (a recovery run). With recovery off
/// (<paramref name="keep"/> false) the mentions are still checked, for the stored record, but not kept here.
/// <paramref name="spelledAs"/> gives the string a known model's id is already held as (the graph's), so a mention of a model
/// spelt as the graph spells it costs no string of its own (at 2 M models about a million distinct ids are named, some 70 bytes
/// each); the interned ids are found through a <see cref="NodeIndex"/>, an int a slot, not a dictionary's entry.
/// </summary>
public sealed class CardMentionTable(int maxMentions, int maxIdLength, bool keep = true, Func<string, string?>? spelledAs = null)
{
    /// <summary>What the table keeps of one record's mentions, and why it left the others out.</summary>
    public sealed record Checked(IReadOnlyList<ModelMention> Kept, IReadOnlyList<string> Problems);

    readonly Lock gate = new();
    readonly List<string> ids = [];
    NodeIndex? interned;
    int[]?[] byNode = new int[]?[256];

    /// <summary>Changes whenever a model's mentions change: recovery is due again even when the graph did not change.</summary>
    public long Version { get; private set; }

    public int MaxMentions => maxMentions;

    /// <summary>
    /// The mentions the table takes, in order: Hub ids (<c>owner/name</c>, the Hub's characters only, within the id length
    /// limit), each once whatever its case, a known derivation or none, at most <see cref="MaxMentions"/>. A hostile or broken
    /// record (thousands of ids, an id of a megabyte, control characters) is cut to that, each refusal said.
    /// </summary>
    public Checked Check(IReadOnlyList<ModelMention>? mentions)
    {
        if (mentions is null || mentions.Count == 0) return new([], []);
        var kept = new List<ModelMention>(Math.Min(mentions.Count, maxMentions));
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var mention in mentions)
        {
            if (kept.Count == maxMentions)
            {
                problems.Add($"the card names {mentions.Count:N0} models; the first {maxMentions:N0} are kept (OpenAccess:Lineage:Inference:MaxCardMentions)");
                break;
            }
            if (mention?.Id is not { } id)
            {
                problems.Add("a card mention was left out: it has no id");
                continue;
            }
            if (Problem(id) is { } problem)
            {
                problems.Add($"a card mention was left out: {problem}");
                continue;
            }
            if (mention.Derivation is { } d && !Enum.IsDefined(d))
            {
                problems.Add($"the card mention {id} was left out: its derivation {(int)d} is not one of {string.Join(", ", Enum.GetNames<BaseModelRelation>())}");
                continue;
            }
            if (seen.Add(id)) kept.Add(mention);
        }
        return new(kept, problems);
    }

    /// <summary>Why an id cannot be a Hub model a card names; null when it can.</summary>
    string? Problem(string id)
    {
        var shown = id.Length > 100 ? id[..100] + $"… ({id.Length:N0} characters)" : id;
        if (ModelIds.Problem(id, maxIdLength) is { } problem) return $"'{Escaped(shown)}' is not a model id: {problem}";
        var slash = id.IndexOf('/');
        if (slash < 0) return $"'{shown}' is not owner/name";
        foreach (var c in id)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/'))
                return $"'{Escaped(shown)}' holds '{Escaped(c.ToString())}', which no Hub id does";
        return null;
    }

    static string Escaped(string text) => string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));

    /// <summary>Sets a node's mentions (already <see cref="Check"/>ed); an empty list clears them.</summary>
    public void Set(int node, IReadOnlyList<ModelMention> mentions)
    {
        if (!keep) return;
        // Looked up before the table's lock is taken: a recovery run reads the table under the graph's read lock, so taking
        // the graph's lock under this one could wait on it behind a writer.
        var held = new string?[mentions.Count];
        if (spelledAs is not null)
            for (var i = 0; i < held.Length; i++) held[i] = spelledAs(mentions[i].Id);
        lock (gate)
        {
            if (node >= byNode.Length) Array.Resize(ref byNode, Math.Max(byNode.Length * 2, node + 1));
            int[]? packed = null;
            if (mentions.Count > 0)
            {
                packed = new int[mentions.Count];
                for (var i = 0; i < packed.Length; i++) packed[i] = Intern(mentions[i].Id, held[i]) << 3 | Code(mentions[i].Derivation);
            }
            if (Same(byNode[node], packed)) return;
            byNode[node] = packed;
            Version++;
        }
    }

    /// <summary>The node's mentions, in card order; empty when its card names none (or it has no card).</summary>
    public IReadOnlyList<ModelMention> Of(int node)
    {
        lock (gate)
        {
            if (node >= byNode.Length || byNode[node] is not { } packed) return [];
            var mentions = new ModelMention[packed.Length];
            for (var i = 0; i < packed.Length; i++)
                mentions[i] = new ModelMention(ids[packed[i] >>> 3], (packed[i] & 7) is var code and > 0 ? (BaseModelRelation)(code - 1) : null);
            return mentions;
        }
    }

    /// <summary>The id's number in the table; a new id is kept as <paramref name="held"/> when that is the same string.</summary>
    int Intern(string id, string? held)
    {
        interned ??= new NodeIndex(i => ids[i]);
        if (interned.TryGetValue(id, out var index)) return index;
        ids.Add(held is not null && string.Equals(held, id, StringComparison.Ordinal) ? held : id);
        interned.Add(ids.Count - 1);
        return ids.Count - 1;
    }

    static int Code(BaseModelRelation? derivation) => derivation is { } d ? (int)d + 1 : 0;

    static bool Same(int[]? a, int[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}
