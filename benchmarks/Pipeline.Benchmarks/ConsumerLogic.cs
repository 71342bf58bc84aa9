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
/// MassTransit left out. Each service's ModelsDiscoveredConsumer's own work on a message's models, called directly: Lineage's
/// graph, intake and one write a message; the Evaluator's reads, shape walk, profiles and writes. Left out: the Evaluator's
/// publish of AccessProfileUpdated (a MassTransit send), and what runs beside the consumers (Lineage's adoption sweeps).
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
        var options = new EvaluatorOptions();
        var catalogues = EvaluatorCatalogues.Load(catalogueDirectory);
        // The consumer's own work on a message's models, called directly as the service's stores are made: its events are
        // counted out, not published.
        var consumer = new OpenAccess.Evaluator.Consumers.ModelsDiscoveredConsumer(
            new SqliteDocumentCollection<ModelResources>(database, "models", ModelResources.ParentKeys, anyCase: true),
            new SqliteDocumentCollection<StoredAccessProfile>(database, "profiles", anyCase: true),
            new AccessProfileCalculator(catalogues.Gpus, catalogues.EnergyPrices, options.Limits), catalogues, options,
            NullLogger<OpenAccess.Evaluator.Consumers.ModelsDiscoveredConsumer>.Instance);
        return batch => consumer.ProfileAsync(batch, (_, _) => Task.CompletedTask, CancellationToken.None);
    }
}
