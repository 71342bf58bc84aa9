using Microsoft.Extensions.Logging.Abstractions;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Evaluator.Storage;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>
/// The second step of the baseline: each service's logic for a message, called directly on what RabbitMQ.Client delivered, with
/// MassTransit left out. The steps of ModelsDiscoveredConsumer of Lineage and of the Evaluator as they stand, one read and one
/// write a message: read the stored records, apply, upsert (Lineage: the graph and its intake; the Evaluator: the resources, the
/// profiles computed, their hashes, the stored profiles' hashes read, the profiles upserted). Left out: the Evaluator's publish of AccessProfileUpdated (a MassTransit send), and what
/// runs beside the consumers (Lineage's adoption sweeps).
/// </summary>
public static class ConsumerLogic
{
    public static Func<IReadOnlyList<ModelDiscovered>, Task> Lineage(string databasePath)
    {
        var models = new SqliteDocumentCollection<StoredModel>(new SqliteDatabase(databasePath), "models", StoredModel.ParentKeys);
        var options = new LineageOptions();
        var state = new GraphState(options);
        var intake = new ModelIntake(state, options, TimeProvider.System, NullLogger<ModelIntake>.Instance);
        return async batch =>
        {
            var stored = await models.GetManyAsync(batch.Select(m => state.Graph.DisplayId(m.Id) ?? m.Id).ToHashSet(StringComparer.Ordinal), CancellationToken.None);
            var applied = new Dictionary<string, StoredModel>(StringComparer.Ordinal);
            foreach (var message in batch)
            {
                var key = state.Graph.DisplayId(message.Id) ?? message.Id;
                var known = applied.GetValueOrDefault(key) ?? stored.GetValueOrDefault(key);
                if (known?.LastModified is { } knownAt && message.LastModified is { } arriving && arriving < knownAt) continue;
                if (intake.Apply(StoredModel.From(message, known?.LeaderboardTypeLabel)) is { } result) applied[result.Record.Id] = result.Record;
            }

            await models.UpsertManyAsync([.. applied.Select(p => (p.Key, p.Value))], CancellationToken.None);
        };
    }

    public static Func<IReadOnlyList<ModelDiscovered>, Task> Evaluator(string databasePath, string catalogueDirectory)
    {
        var database = new SqliteDatabase(databasePath);
        var models = new SqliteDocumentCollection<ModelResources>(database, "models");
        var profiles = new SqliteDocumentCollection<StoredAccessProfile>(database, "profiles");
        var options = new EvaluatorOptions();
        var catalogues = EvaluatorCatalogues.Load(catalogueDirectory);
        var calculator = new AccessProfileCalculator(catalogues.Gpus, catalogues.EnergyPrices, options.Limits);
        return async batch =>
        {
            var incoming = batch.Select(ModelResources.From).ToList();
            var stored = await models.GetManyAsync(incoming.Select(m => m.Id).ToHashSet(StringComparer.Ordinal), CancellationToken.None);
            var accepted = incoming.Where(m => !(stored.GetValueOrDefault(m.Id)?.LastModified is { } known && m.LastModified is { } arriving && arriving < known)).ToList();
            await models.UpsertManyAsync([.. accepted.Select(m => (m.Id, m))], CancellationToken.None);
            _ = await profiles.GetFieldManyAsync([.. accepted.Select(m => m.Id)], nameof(StoredAccessProfile.ProfileHash), CancellationToken.None);
            var computed = new List<(string, StoredAccessProfile)>(accepted.Count);
            foreach (var model in accepted)
            {
                var profile = calculator.Calculate(model.ToProfileInput(), options.ProfileOptions);
                computed.Add((model.Id, new StoredAccessProfile
                {
                    ModelId = model.Id,
                    Revision = model.Revision,
                    LastModified = model.LastModified,
                    ProfileHash = DocumentJson.HashOf(profile),
                    Profile = profile,
                }));
            }

            await profiles.UpsertManyAsync(computed, CancellationToken.None);
        };
    }
}
