using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Inference;

/// <summary>
/// Recovers parents for the models that declare none, from evidence that stays cheap at Hub scale: the name (format and
/// adapter suffixes, a known model's name at the start or inside), the card's prose, the adapter config, the config shape,
/// the author and the time. Pure: models in, links out. A declared link always wins (a model with one gets no inferred
/// link), a name or shape many models share gives no link, and no inferred link closes a cycle with the declared links
/// and the links inferred before it.
/// </summary>
public sealed class ParentInference(InferenceOptions? options = null)
{
    readonly InferenceOptions options = options ?? InferenceOptions.Default;

    public InferenceResult Run(IReadOnlyList<InferenceModel> models) => Run(InferenceInputs.Of(models));

    /// <summary>Recovery over inputs read in place (the graph's arrays: <see cref="GraphInferenceInputs"/>).</summary>
    public InferenceResult Run(InferenceInputs models)
    {
        var index = new InferenceIndex(models, options);
        var cycles = new CycleGuard(index, options.MaxCycleWalk);
        var result = new InferenceResult();
        var candidates = new List<Candidate>();
        var hashes = new ulong[options.MaxNameTokens];
        var ranges = new Range[options.MaxNameTokens];
        for (var child = 0; child < models.Count; child++)
        {
            if (!models.IsModel(child) || models.DeclaresParents(child)) continue;
            candidates.Clear();
            AddAdapterConfig(index, child, candidates);
            AddCardText(index, child, candidates);
            AddName(index, child, candidates, hashes, ranges, result);
            AddShape(index, child, candidates, result);
            if (candidates.Count == 0) continue;

            var ranked = Rank(index, child, candidates);
            var accepted = false;
            foreach (var link in ranked)
            {
                if (!accepted && cycles.TryLink(child, models.Find(link.ParentId)))
                {
                    result.Links.Add(link);
                    accepted = true;
                }
                else if (!accepted)
                {
                    result.CycleRefused++;
                }
                else
                {
                    result.Alternatives.Add(link);
                }
            }
        }
        return result;
    }

    void AddAdapterConfig(InferenceIndex index, int child, List<Candidate> candidates)
    {
        if (index.Models.AdapterBaseModel(child) is not { } named || index.Resolve(named) is not { } parent || parent == child) return;
        Add(candidates, parent, BaseModelRelation.Adapter, EvidenceWeights.AdapterConfig,
            new InferenceEvidence(EvidenceSource.AdapterConfig, $"adapter_config.json names {named} as base_model_name_or_path"));
    }

    void AddCardText(InferenceIndex index, int child, List<Candidate> candidates)
    {
        foreach (var mention in index.Models.CardMentions(child).Take(options.MaxCardMentions))
        {
            if (index.Resolve(mention.Id) is not { } parent || parent == child) continue;
            var parentId = index.Models.Id(parent);
            var written = mention.Id.Equals(parentId, StringComparison.OrdinalIgnoreCase) ? "" : $" (written {mention.Id})";
            Add(candidates, parent, mention.Derivation ?? BaseModelRelation.Finetune,
                mention.Derivation is null ? EvidenceWeights.CardMention : EvidenceWeights.CardPhrase,
                new InferenceEvidence(EvidenceSource.CardText, mention.Derivation is { } kind
                    ? $"the card says it is a {Describe(kind)} of {parentId}{written} (a derivation phrase right before the id)"
                    : $"the card names {parentId}{written}"));
        }
    }

    static string Describe(BaseModelRelation kind) => kind switch
    {
        BaseModelRelation.Quantized => "quantization",
        BaseModelRelation.Adapter => "adapter",
        BaseModelRelation.Merge => "merge",
        _ => "fine-tune",
    };

    void AddName(InferenceIndex index, int child, List<Candidate> candidates, ulong[] hashes, Range[] ranges, InferenceResult result)
    {
        var name = InferenceIndex.NameOf(index.Models, child);
        var count = NameTokens.Split(name, hashes, ranges, options.MaxNameTokens);
        // Every run of two or more tokens is a possible parent name: O(tokens²) lookups, tokens capped. A name that more than
        // MaxNameMatches models carry, whole or in a run, gives no link. The whole name is otherwise tried last: the few
        // other models carrying it are siblings or copies more often than parents (ten "…-mental-health" fine-tunes of one
        // base), so a shorter run that names a model goes first.
        var whole = count >= 2 ? Match(index, child, hashes.AsSpan(0, count)) : (Parent: -1, Count: 0, Total: 0, Qualified: false);
        if (whole.Total > options.MaxNameMatches)
        {
            result.AmbiguousNames++;
            return;
        }
        int bestStart = -1, bestEnd = -1, bestParent = -1, bestShared = 0;
        var qualified = false;
        for (var length = count - 1; length >= 2 && bestParent < 0; length--)
        {
            for (var start = 0; start + length <= count && bestParent < 0; start++)
            {
                var match = Match(index, child, hashes.AsSpan(start, length));
                if (match.Total > options.MaxNameMatches)
                {
                    result.AmbiguousNames++;
                    return;
                }
                if (match.Parent >= 0) (bestStart, bestEnd, bestParent, bestShared, qualified) = (start, start + length, match.Parent, match.Count, match.Qualified);
            }
        }
        if (bestParent < 0 && whole.Parent >= 0) (bestStart, bestEnd, bestParent, bestShared, qualified) = (0, count, whole.Parent, whole.Count, whole.Qualified);
        if (bestParent < 0) return;

        var others = new List<string>(count);
        for (var i = 0; i < count; i++)
            if (i < bestStart || i >= bestEnd) others.Add(name[ranges[i]].ToString());
        var (kind, formatOnly) = NameMarkers.Read(others);
        var sameAuthor = SameAuthor(index.Models, child, bestParent);
        var isShared = bestShared > 1;
        var (weight, how) = others.Count == 0 ? (EvidenceWeights.NameSame, "is the same name")
            : formatOnly && bestStart == 0 ? (qualified ? EvidenceWeights.NameFormatQualified : sameAuthor ? EvidenceWeights.NameFormatSameAuthor
                : isShared ? EvidenceWeights.NameFormatShared : EvidenceWeights.NameFormat, "is its name with only format words added")
            : bestStart == 0 ? (sameAuthor ? EvidenceWeights.NamePrefixSameAuthor : isShared ? EvidenceWeights.NamePrefixShared : EvidenceWeights.NamePrefix, "starts with its name")
            : (isShared ? EvidenceWeights.NameInsideShared : EvidenceWeights.NameInside, "holds its name");
        if (weight <= 0) return;
        var parentId = index.Models.Id(bestParent);
        var words = new string[bestEnd - bestStart];
        for (var i = bestStart; i < bestEnd; i++) words[i - bestStart] = name[ranges[i]].ToString().ToLowerInvariant();
        var matched = string.Join('-', words);
        var detail = $"the name {how} ({(qualified ? "author and name" : "name")} '{matched}' of {parentId}"
            + (others.Count > 0 ? $"; other words: {string.Join(' ', others).ToLowerInvariant()}" : "")
            + (bestShared > 1 ? $"; {bestShared} earlier models carry that name, the earliest taken" : "") + ")";
        Add(candidates, bestParent, kind, weight, new InferenceEvidence(EvidenceSource.Name, detail));
    }

    /// <summary>A run of name tokens looked up as an author-qualified name, else as a name or a name less <c>-hf</c>.</summary>
    (int Parent, int Count, int Total, bool Qualified) Match(InferenceIndex index, int child, ReadOnlySpan<ulong> run)
    {
        var key = NameTokens.Key(run);
        var (parent, shared, total) = Lookup(index, child, key, index.QualifiedNames, index.NextByQualifiedName);
        if (parent >= 0) return (parent, shared, total, true);
        var byName = Lookup(index, child, key, index.Names, index.NextByName);
        var byShortName = Lookup(index, child, key, index.ShortNames, index.NextByShortName);
        parent = byName.Parent < 0 || (byShortName.Parent >= 0 && index.Earlier(byShortName.Parent, byName.Parent)) ? byShortName.Parent : byName.Parent;
        return (parent, byName.Count + byShortName.Count, total + byName.Total + byShortName.Total, false);
    }

    /// <summary>
    /// The earliest model of a key's chain that may be the child's parent by name (not itself, not a quantized copy, existed
    /// before it, no other model type), how many may, and how many models carry the key besides the child.
    /// </summary>
    (int Parent, int Count, int Total) Lookup(InferenceIndex index, int child, ulong key, Dictionary<ulong, InferenceIndex.Chain> chains, int[] next)
    {
        if (!chains.TryGetValue(key, out var chain)) return (-1, 0, 0);
        // Too many carriers even if the child is one of them: ambiguous without walking the chain, so a name that n models
        // carry costs each of them O(1) here, not O(n).
        if (chain.Count - 1 > options.MaxNameMatches) return (-1, 0, chain.Count - 1);
        int best = -1, count = 0, total = 0;
        for (var i = chain.Head; i >= 0; i = next[i])
        {
            if (i == child) continue;
            total++;
            if (index.FormatName[i] || !index.ExistedBefore(i, child) || TypesDiffer(index, i, child)) continue;
            count++;
            if (best < 0 || index.Earlier(i, best)) best = i;
        }
        return (best, count, total);
    }

    /// <summary>The earliest model of a chain that may be the child's parent (not itself, existed before it, no other model type), and how many may.</summary>
    static (int Parent, int Count) Earliest(InferenceIndex index, int child, int head, int[] next)
    {
        int best = -1, count = 0;
        for (var i = head; i >= 0; i = next[i])
        {
            if (i == child || !index.ExistedBefore(i, child) || TypesDiffer(index, i, child)) continue;
            count++;
            if (best < 0 || index.Earlier(i, best)) best = i;
        }
        return (best, count);
    }

    void AddShape(InferenceIndex index, int child, List<Candidate> candidates, InferenceResult result)
    {
        if (index.Models.Shape(child) is not { } shape || !index.Shapes.TryGetValue(shape, out var chain)) return;
        string Described() => $"{shape.ModelType}, {shape.Layers} layers, hidden {shape.HiddenSize}, {shape.AttentionHeads}/{shape.KeyValueHeads} heads, vocabulary {shape.VocabSize}";
        // A candidate other evidence names gets the shape as support, whatever the number of models of that shape.
        foreach (var candidate in candidates)
            if (index.Models.Shape(candidate.Parent) == shape)
                candidate.Add(EvidenceWeights.ShapeSupport, new InferenceEvidence(EvidenceSource.ConfigShape, $"the same config shape ({Described()})"));
        if (candidates.Count > 0) return;
        if (chain.Count - 1 > options.MaxShapeMatches)
        {
            result.AmbiguousShapes++;
            return;
        }
        var (parent, shared) = Earliest(index, child, chain.Head, index.NextByShape);
        if (parent < 0) return;
        Add(candidates, parent, BaseModelRelation.Finetune, EvidenceWeights.ShapeAlone,
            new InferenceEvidence(EvidenceSource.ConfigShape, $"the same config shape ({Described()}) as {shared} earlier model(s), the earliest taken"));
    }

    static void Add(List<Candidate> candidates, int parent, BaseModelRelation kind, double weight, InferenceEvidence evidence)
    {
        var existing = candidates.Find(c => c.Parent == parent);
        if (existing is null) candidates.Add(new Candidate(parent, kind, weight, evidence));
        else existing.Add(weight, evidence, kind);
    }

    List<InferredLink> Rank(InferenceIndex index, int child, List<Candidate> candidates)
    {
        var models = index.Models;
        var links = new List<(InferredLink Link, int Parent)>();
        foreach (var candidate in candidates)
        {
            var parent = candidate.Parent;
            if (TypesDiffer(index, parent, child) || !index.ExistedBefore(parent, child)) continue;
            // A name match already implies the family, so its model type agrees anyway and adds nothing; a card can name any
            // model (a comparison, a tokenizer's source), so there the same model type is evidence. A name match already
            // weighs the author too (a series by one author is mostly siblings, not parent and child).
            var byName = candidate.Evidence.Any(e => e.Source == EvidenceSource.Name);
            if (models.ModelType(child) is { } type && string.Equals(type, models.ModelType(parent), StringComparison.OrdinalIgnoreCase))
                candidate.Add(byName ? 0 : EvidenceWeights.SameModelType, new InferenceEvidence(EvidenceSource.ModelType, $"both are model_type {type}"));
            if (SameAuthor(models, child, parent) && !byName)
                candidate.Add(EvidenceWeights.SameAuthor, new InferenceEvidence(EvidenceSource.Author, $"both by {InferenceIndex.AuthorOf(models, parent)}"));
            if (models.CreatedTicks(child) is > 0 and var born && models.CreatedTicks(parent) is > 0 and var parentBorn)
                candidate.Evidence.Add(new InferenceEvidence(EvidenceSource.Time,
                    $"{models.Id(parent)} was created {new DateTime(parentBorn, DateTimeKind.Utc):yyyy-MM-dd}, before the model ({new DateTime(born, DateTimeKind.Utc):yyyy-MM-dd})"));
            var confidence = Math.Round(candidate.Confidence, 3);
            if (confidence >= options.MinimumConfidence)
                links.Add((new InferredLink(models.Id(child), models.Id(parent), candidate.Kind, confidence, candidate.Evidence), parent));
        }
        links.Sort((a, b) => b.Link.Confidence != a.Link.Confidence ? b.Link.Confidence.CompareTo(a.Link.Confidence)
            : index.Earlier(a.Parent, b.Parent) ? -1 : index.Earlier(b.Parent, a.Parent) ? 1 : 0);
        return links.Take(options.MaxCandidates).Select(l => l.Link).ToList();
    }

    static bool TypesDiffer(InferenceIndex index, int a, int b) =>
        index.Models.ModelType(a) is { } ta && index.Models.ModelType(b) is { } tb && !string.Equals(ta, tb, StringComparison.OrdinalIgnoreCase);

    static bool SameAuthor(InferenceInputs models, int a, int b) =>
        InferenceIndex.AuthorOf(models, a) is { Length: > 0 } author && author.Equals(InferenceIndex.AuthorOf(models, b), StringComparison.OrdinalIgnoreCase);

    sealed class Candidate(int parent, BaseModelRelation kind, double weight, InferenceEvidence evidence)
    {
        double kindWeight = weight;
        double doubt = 1 - weight;
        public int Parent { get; } = parent;
        public BaseModelRelation Kind { get; private set; } = kind;
        public List<InferenceEvidence> Evidence { get; } = [evidence];
        public double Confidence => 1 - doubt;

        /// <summary>Independent signals: the doubts multiply. The strongest evidence of a relation sets the kind.</summary>
        public void Add(double weight, InferenceEvidence evidence, BaseModelRelation? kind = null)
        {
            doubt *= 1 - weight;
            Evidence.Add(evidence);
            if (kind is { } k && weight > kindWeight) (Kind, kindWeight) = (k, weight);
        }
    }
}

/// <summary>The recovered links (at most one a model), the other candidates, and what was refused.</summary>
public sealed class InferenceResult
{
    public List<InferredLink> Links { get; } = [];
    public List<InferredLink> Alternatives { get; } = [];

    /// <summary>Models whose best name match is carried by more than <see cref="InferenceOptions.MaxNameMatches"/> models: no name link.</summary>
    public int AmbiguousNames { get; set; }

    /// <summary>Models whose config shape is shared by more than <see cref="InferenceOptions.MaxShapeMatches"/> models: no shape link.</summary>
    public int AmbiguousShapes { get; set; }

    /// <summary>Candidates refused because the link would close a cycle (or the check passed its walk limit).</summary>
    public int CycleRefused { get; set; }
}
