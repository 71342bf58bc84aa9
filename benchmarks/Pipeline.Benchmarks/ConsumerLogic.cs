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
/// The second step of the baseline: each service's per-message logic, called directly on what RabbitMQ.Client delivered, with
/// MassTransit left out. The steps of ModelsDiscoveredConsumer of Lineage and of the Evaluator as they stand: read the stored
/// record, apply, upsert (Lineage: the graph and its intake; the Evaluator: the resources, the profile computed, its hash, the
/// stored profile read and upserted). Left out: the Evaluator's publish of AccessProfileUpdated (a MassTransit send), and what
/// runs beside the consumers (Lineage's adoption sweeps).
/// </summary>
public static class ConsumerLogic
{
    public static Func<ModelDiscovered, Task> Lineage(string databasePath)
    {
        var models = new SqliteDocumentCollection<StoredModel>(new SqliteDatabase(databasePath), "models", StoredModel.ParentKeys);
        var options = new LineageOptions();
        var state = new GraphState(options);
        var intake = new ModelIntake(state, options, TimeProvider.System, NullLogger<ModelIntake>.Instance);
        return async message =>
        {
            var stored = await models.GetAsync(state.Graph.DisplayId(message.Id) ?? message.Id, CancellationToken.None);
            if (stored?.LastModified is { } known && message.LastModified is { } arriving && arriving < known) return;
            if (intake.Apply(StoredModel.From(message, stored?.LeaderboardTypeLabel)) is { } applied)
            {
                await models.UpsertAsync(applied.Record.Id, applied.Record, CancellationToken.None);
            }
        };
    }

    public static Func<ModelDiscovered, Task> Evaluator(string databasePath, string catalogueDirectory)
    {
        var database = new SqliteDatabase(databasePath);
        var models = new SqliteDocumentCollection<ModelResources>(database, "models");
        var profiles = new SqliteDocumentCollection<StoredAccessProfile>(database, "profiles");
        var options = new EvaluatorOptions();
        var catalogues = EvaluatorCatalogues.Load(catalogueDirectory);
        var calculator = new AccessProfileCalculator(catalogues.Gpus, catalogues.EnergyPrices, options.Limits);
        return async message =>
        {
            var incoming = ModelResources.From(message);
            var stored = await models.GetAsync(incoming.Id, CancellationToken.None);
            if (stored?.LastModified is { } known && incoming.LastModified is { } arriving && arriving < known) return;
            await models.UpsertAsync(incoming.Id, incoming, CancellationToken.None);
            var profile = calculator.Calculate(incoming.ToProfileInput(), options.ProfileOptions);
            var hash = DocumentJson.Hash(DocumentJson.Serialize(profile));
            _ = await profiles.GetAsync(incoming.Id, CancellationToken.None);
            await profiles.UpsertAsync(incoming.Id, new StoredAccessProfile
            {
                ModelId = incoming.Id,
                Revision = incoming.Revision,
                LastModified = incoming.LastModified,
                ProfileHash = hash,
                Profile = profile,
            }, CancellationToken.None);
        };
    }
}
