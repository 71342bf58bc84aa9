using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Consumers;

/// <summary>
/// Keeps the latest revision's profile inputs of each model of a <see cref="ModelsDiscovered"/>, computes its access profile and publishes
/// <see cref="AccessProfileUpdated"/> when the profile changed and its event says something new; the inputs and the profiles are each stored in one write a
/// message (the profiles <see cref="EvaluatorOptions.ProfilesPerWrite"/> at a time). Idempotent: a redelivery stores and publishes nothing; older revisions, late or earlier in the same message, are ignored.
/// A record that cannot be processed goes to <c>_error</c> and the rest of its message is stored (<see cref="ModelBatchConsumption"/>).
/// </summary>
public sealed class ModelsDiscoveredConsumer(
    IDocumentCollection<ModelResources> models,
    IDocumentCollection<StoredAccessProfile> profiles,
    AccessProfileCalculator calculator,
    EvaluatorCatalogues catalogues,
    EvaluatorOptions options,
    ILogger<ModelsDiscoveredConsumer> logger) : IConsumer<ModelsDiscovered>
{
    // Each event is published in the batch's context, so it carries the batch's trace and conversation. The batch's token goes
    // with it: when the connection drops, MassTransit cancels it, and a publish left waiting for its confirm must end, or the
    // endpoint waits for this batch for ever and never consumes again (docs/faults.md, found 3).
    public Task Consume(ConsumeContext<ModelsDiscovered> context) =>
        ModelBatchConsumption.ConsumeAsync(context, batch => ProfileAsync(batch,
            (updated, messageId) => context.Publish(updated, c => c.MessageId = messageId, context.CancellationToken), context.CancellationToken), logger);

    /// <summary>
    /// A batch's work, with <paramref name="publish"/> called for each <see cref="AccessProfileUpdated"/> to go out, with its
    /// message id; <see cref="Consume"/> gives it the bus, a benchmark something else (benchmarks/Evaluator.Benchmarks).
    /// </summary>
    public async Task ProfileAsync(IReadOnlyList<ModelDiscovered> batch, Func<AccessProfileUpdated, Guid, Task> publish, CancellationToken ct)
    {
        var newest = NewestOfEachId(batch);
        var stored = await models.GetManyAsync(newest.Keys, ct);
        var known = new Dictionary<string, ModelResources?>(StringComparer.Ordinal);
        var accepted = new List<ModelResources>(newest.Count);
        foreach (var (id, message) in newest)
        {
            var incoming = ModelResources.From(message);
            var before = stored.GetValueOrDefault(id);
            if (before?.LastModified is { } knownTime && incoming.LastModified is { } arriving && arriving < knownTime)
            {
                logger.LogInformation("Ignored {ModelId} at {Arriving}: already have the revision of {Known}", id, arriving, knownTime);
                continue;
            }

            // The harvester publishes a root again with its config.json; a later sighting of the same revision (a new downloads
            // bucket) comes without it, and must not take the file's shape away.
            if (incoming.ConfigFile is null && before?.ConfigFile is { } file && before.Revision == incoming.Revision)
                incoming = incoming with { Config = before.Config, ModelType = before.ModelType ?? incoming.ModelType, ConfigFile = file };
            accepted.Add(incoming);
            known[id] = incoming;
        }

        var inheritance = new ShapeInheritance(models, options.Limits, options.MaxAncestorDepth, known);
        for (var i = 0; i < accepted.Count; i++)
        {
            var resolved = await inheritance.ResolveAsync(accepted[i], ct);
            accepted[i] = resolved;
            known[resolved.Id] = resolved;
        }

        // Derivatives stored before this model's shape (or why it has none) arrived take it now.
        var derivatives = await DerivativesToReprofileAsync(accepted, inheritance, known, ct);
        var all = accepted.Concat(derivatives).ToList();

        // Only the hashes of each stored profile and its event are read, both in one read: a profile is kilobytes of JSON, and
        // only whether it and its event changed matters here.
        var previous = new StoredHashes(await profiles.GetFieldsManyAsync([.. all.Select(a => a.Id)], StoredHashes.Fields, ct));
        var h100 = catalogues.Gpus.All.FirstOrDefault(g => g.Id == AccessProfileUpdatedMapper.H100Id);
        // ProfilesPerWrite at a time: a root whose config.json outcome arrives re-profiles thousands of derivatives in one batch,
        // and holding all their profiles and JSON at once made them outlive the youngest GC generation (docs/pipeline.md,
        // "Session 12"). A batch of the harvester's usual 100 models is one part.
        foreach (var part in all.Chunk(options.ProfilesPerWrite))
        {
            await ProfilePartAsync(part, previous, h100, publish, ct);
        }

        // The profiles before the models: a model stored is a model whose profile is stored, so a derivative found inheriting
        // as it is stored already has its profile (DerivativesToReprofileAsync), and a crash in between leaves the models as
        // they were, for the redelivery to find changed.
        await models.UpsertManyAsync([.. all.Select(a => (a.Id, a))], ct);
    }

    /// <summary>Profiles models, publishes those whose profile and event changed, then stores the profiles in one write.</summary>
    async Task ProfilePartAsync(ModelResources[] part, StoredHashes previous, Gpu? h100,
        Func<AccessProfileUpdated, Guid, Task> publish, CancellationToken ct)
    {
        var computed = new List<SerializedDocument<StoredAccessProfile>>(part.Length);
        var publishing = new List<Task>();
        foreach (var incoming in part)
        {
            var profile = calculator.Calculate(incoming.ToProfileInput(), options.ProfileOptions);
            // Debug, not information: most Hub models have notes (no config, a size from the name), the profile serves them, and a
            // line a model was 100,000 lines of console for an import of 100,000.
            if (profile.Notes.Count > 0 && logger.IsEnabled(LogLevel.Debug)) logger.LogDebug("Profile of {ModelId}: {Notes}", incoming.Id, string.Join(" | ", profile.Notes));
            // Serialized once: its hash tells a changed profile, and the same bytes are stored inside its document.
            var profileJson = ProfileJson.SerializeToUtf8(profile);
            var hash = DocumentJson.Hash(profileJson);
            // An unchanged profile's event is the one stored; a changed profile is published unless its event says what the last
            // one said: a root's config.json outcome changes the gap text of every derivative's profile, and when it brings no
            // shape their events stay as they were.
            var eventHash = previous.Event(incoming.Id);
            if (previous.Profile(incoming.Id) != hash)
            {
                var updated = AccessProfileUpdatedMapper.From(profile, incoming.Revision, h100, options.OverheadFraction);
                eventHash = AccessProfileUpdatedMapper.ContentHash(updated);
                // Published before it is stored: a failure in between redelivers and publishes again under the same message id,
                // which a subscriber recognises; storing first could lose the event for good.
                if (eventHash != previous.Event(incoming.Id))
                    publishing.Add(publish(updated, AccessProfileUpdatedMapper.MessageId(incoming.Id, incoming.Revision, eventHash)));
            }

            computed.Add(new StoredAccessProfile
            {
                ModelId = incoming.Id,
                Revision = incoming.Revision,
                LastModified = incoming.LastModified,
                ProfileHash = hash,
                EventHash = eventHash,
                Profile = profile,
            }.Serialize(profileJson));
        }

        // The part's events are sent at once and their confirms awaited together: one wait for the broker a part, where
        // awaiting each in turn waited a broker round trip a model, and the batch's models waited in line behind them.
        await Task.WhenAll(publishing);
        await profiles.UpsertManySerializedAsync(computed, ct);
    }

    /// <summary>
    /// The stored derivatives, to <see cref="EvaluatorOptions.MaxAncestorDepth"/> levels down, of the models of the batch: each
    /// resolved again, and profiled again when it inherits otherwise than it is stored.
    /// A derivative with a shape of its own is left as it is, with the levels below it. At most
    /// <see cref="EvaluatorOptions.MaxReprofiledDerivatives"/> resolved a batch; the rest keep their profile until they are next published.
    /// </summary>
    async Task<List<ModelResources>> DerivativesToReprofileAsync(
        List<ModelResources> accepted, ShapeInheritance inheritance, Dictionary<string, ModelResources?> known, CancellationToken ct)
    {
        // Every model of the batch, whatever it brings: a first arrival may be the ancestor its derivatives' gap called not
        // harvested, a new shape or config.json outcome changes what they inherit, and a redelivery after a crash between this
        // model's store and its derivatives' profiles finishes what that attempt began. So the final profiles depend neither on
        // the order models arrive in nor on where a consumer died. A derivative whose profile is unchanged is not published again.
        // The whole batch walks down together, one read a level: a read a model and a level was a query for each of the batch's
        // models, most of which have no derivative stored (docs/pipeline.md, "Session 11").
        var result = new List<ModelResources>();
        var walked = 0;
        var seen = new HashSet<string>(accepted.Select(a => a.Id), StringComparer.Ordinal);
        var level = accepted.Select(a => a.Id).ToList();
        for (var depth = 1; depth <= options.MaxAncestorDepth && level.Count > 0; depth++)
        {
            var room = options.MaxReprofiledDerivatives - walked;
            // One more than there is room for: more found means some are left out, and the operator is told.
            var children = await models.FindByKeysAsync(level, room == int.MaxValue ? room : room + 1, ct);
            var next = new List<string>();
            foreach (var child in children.Take(room))
            {
                if (!seen.Add(child.Id) || inheritance.HasOwnShape(child)) continue;
                var resolved = await inheritance.ResolveAsync(child, ct);
                known[child.Id] = resolved;
                next.Add(child.Id);
                walked++;
                // Inheriting as it is stored, its stored profile is already this one (the profiles are stored before the models):
                // profiling it again would find the same. The levels below are walked all the same.
                if (!InheritsDifferently(child, resolved)) continue;
                result.Add(resolved);
            }

            if (children.Count > room)
            {
                logger.LogWarning("{ModelId} and the {Others} other models of its batch: more than {Max} derivatives to resolve again (OpenAccess:Evaluator:MaxReprofiledDerivatives); the rest keep their profile until next published",
                    accepted[0].Id, accepted.Count - 1, options.MaxReprofiledDerivatives);
                break;
            }

            level = next;
        }

        return result;
    }

    /// <summary>The stored profiles' <see cref="StoredAccessProfile.ProfileHash"/> and <see cref="StoredAccessProfile.EventHash"/>, by model id.</summary>
    sealed class StoredHashes(IReadOnlyDictionary<string, string?[]> read)
    {
        public static readonly string[] Fields = [nameof(StoredAccessProfile.ProfileHash), nameof(StoredAccessProfile.EventHash)];

        public string? Profile(string id) => read.GetValueOrDefault(id)?[0];

        public string? Event(string id) => read.GetValueOrDefault(id)?[1];
    }

    static bool InheritsDifferently(ModelResources stored, ModelResources resolved) =>
        stored.ShapeGap != resolved.ShapeGap || DocumentJson.Serialize(stored.Inherited) != DocumentJson.Serialize(resolved.Inherited);

    /// <summary>The last model of each id in the batch, unless an earlier one is of a later revision.</summary>
    static Dictionary<string, ModelDiscovered> NewestOfEachId(IReadOnlyList<ModelDiscovered> batch)
    {
        var newest = new Dictionary<string, ModelDiscovered>(batch.Count, StringComparer.Ordinal);
        foreach (var message in batch)
        {
            if (newest.TryGetValue(message.Id, out var seen)
                && seen.LastModified is { } known && message.LastModified is { } arriving && arriving < known)
            {
                continue;
            }

            newest[message.Id] = message;
        }

        return newest;
    }
}
