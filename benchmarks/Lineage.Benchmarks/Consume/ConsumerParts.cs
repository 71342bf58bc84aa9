using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Evaluator.Storage;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Benchmarks.Consume;

/// <summary>
/// Where a consumer's time goes: each step of its batch path timed alone on the same events, without the bus (CPU of this
/// thread's process over the step, a message).
/// </summary>
public static class ConsumerParts
{
    public static void Run(IReadOnlyList<ModelDiscovered> events, int batch)
    {
        var data = Directory.CreateTempSubdirectory("openaccess-consume-parts-");
        try
        {
            var db = new SqliteDatabase(Path.Combine(data.FullName, "parts.db"));
            var state = new GraphState();
            state.MarkReady();
            var intake = new ModelIntake(state, new LineageOptions(), TimeProvider.System, NullLogger<ModelIntake>.Instance);
            var lineageModels = new SqliteDocumentCollection<StoredModel>(db, "lineage_models", StoredModel.ParentKeys);
            List<StoredModel> records = [];
            Step("Lineage: StoredModel.From + graph intake", events.Count, () => records = [.. events.Select(e => intake.Apply(StoredModel.From(e, null))!.Record)]);
            Step("Lineage: GetManyAsync of the batch (none stored)", events.Count, () => Chunks(records, batch, c => lineageModels.GetManyAsync([.. c.Select(r => r.Id)], default).Result));
            Step("Lineage: UpsertManyAsync", events.Count, () => Chunks(records, batch, c => lineageModels.UpsertManyAsync([.. c.Select(r => (r.Id, r))], default).Result));
            Step("Lineage: UpsertManyAsync again (all unchanged)", events.Count, () => Chunks(records, batch, c => lineageModels.UpsertManyAsync([.. c.Select(r => (r.Id, r))], default).Result));

            var options = new EvaluatorOptions();
            var catalogues = EvaluatorCatalogues.Load(options.ResolvedCatalogueDirectory);
            var calculator = new AccessProfileCalculator(catalogues.Gpus, catalogues.EnergyPrices, options.Limits);
            var evaluatorModels = new SqliteDocumentCollection<ModelResources>(db, "models");
            var profiles = new SqliteDocumentCollection<StoredAccessProfile>(db, "profiles");
            List<ModelResources> resources = [];
            List<AccessProfile> computed = [];
            List<StoredAccessProfile> stored = [];
            Step("Evaluator: ModelResources.From", events.Count, () => resources = [.. events.Select(ModelResources.From)]);
            Step("Evaluator: UpsertManyAsync of the inputs", events.Count, () => Chunks(resources, batch, c => evaluatorModels.UpsertManyAsync([.. c.Select(r => (r.Id, r))], default).Result));
            Step("Evaluator: profile calculation", events.Count, () => computed = [.. resources.Select(r => calculator.Calculate(r.ToProfileInput(), options.ProfileOptions))]);
            Step("Evaluator: profile hash (serialise + SHA-256)", events.Count, () => stored = [.. computed.Select(p => new StoredAccessProfile
            {
                ModelId = p.ModelId, ProfileHash = DocumentJson.Hash(DocumentJson.Serialize(p)), Profile = p,
            })]);
            Step("Evaluator: AccessProfileUpdated mapping", events.Count, () => computed.ForEach(p => OpenAccess.Evaluator.Consumers.AccessProfileUpdatedMapper.From(p, null, null, options.OverheadFraction)));
            Step("Evaluator: UpsertManyAsync of the profiles", events.Count, () => Chunks(stored, batch, c => profiles.UpsertManyAsync([.. c.Select(p => (p.ModelId, p))], default).Result));
            Step("Evaluator: GetManyAsync of the profiles (all stored)", events.Count, () => Chunks(stored, batch, c => profiles.GetManyAsync([.. c.Select(p => p.ModelId)], default).Result));
            Console.WriteLine($"(a profile is {DocumentJson.Serialize(stored[0]).Length:N0} characters of JSON, a Lineage record {DocumentJson.Serialize(records[0]).Length:N0}, an Evaluator input {DocumentJson.Serialize(resources[0]).Length:N0})");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    static void Chunks<T, TResult>(IReadOnlyList<T> items, int batch, Func<T[], TResult> each)
    {
        foreach (var chunk in items.Chunk(batch)) each(chunk);
    }

    static void Step(string what, int count, Action action)
    {
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        action();
        Console.WriteLine($"  {what,-56} {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / count,7:F1} µs CPU a message");
    }
}
