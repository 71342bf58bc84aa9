using Microsoft.Extensions.Logging.Abstractions;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Evaluator.Storage;
using OpenAccess.Lineage.Consumers;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Replicas;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>
/// The second step of the baseline: each service's logic for a message, called directly on what RabbitMQ.Client delivered, with
/// MassTransit left out. Lineage: its ModelsDiscoveredConsumer's own work on a message's models, called directly (the graph,
/// its intake, one write a message). The Evaluator: the steps of its ModelsDiscoveredConsumer as they stand, one read and one
/// write a message: read the stored records, compute, upsert (the resources, the
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
        state.MarkReady();
        // The consumer's own work on a message's models (no replica is told: the notifier is off, as in a single Lineage).
        var consumer = new ModelsDiscoveredConsumer(state, intake, models, new ReplicaNotifier(new ReplicaOptions(), null!), NullLogger<ModelsDiscoveredConsumer>.Instance);
        return batch => consumer.ConsumeAsync(batch, CancellationToken.None);
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
