using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Benchmarks;
using OpenAccess.Evaluator.Consumers;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Evaluator.Storage;
using OpenAccess.Lineage.Benchmarks.Consume;
using OpenAccess.ServiceDefaults.Storage;

// The Evaluator's ModelsDiscovered logic on real-shaped batches against SQLite, session 11's (the baseline) and today's side by
// side in one process: `dotnet run -c Release --project benchmarks/Evaluator.Benchmarks -- [models] [rounds] [batch] [ProfilesPerWrite]`.
var count = args.Length > 0 ? int.Parse(args[0]) : 1_284;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
var batchSize = args.Length > 2 ? int.Parse(args[2]) : 100;
Sides.Options.ProfilesPerWrite = args.Length > 3 ? int.Parse(args[3]) : Sides.Options.ProfilesPerWrite;

var events = SeedEvents.Load(SeedEvents.FindSeed(), 2 * count);
var measured = events.Take(count).ToList();
var warm = events.Skip(count).ToList();
Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; {count:N0} models in batches of {batchSize}, {rounds} rounds a side, alternating; today's ProfilesPerWrite {Sides.Options.ProfilesPerWrite}");

var figures = new Dictionary<(string Side, string Phase), List<PhaseFigure>>();
var root = Directory.CreateTempSubdirectory("openaccess-evaluator-bench-");
try
{
    foreach (var side in Sides.All) await EvaluatorRun.RunAsync(side, Path.Combine(root.FullName, $"warm-{side.Name}.db"), warm, batchSize);
    for (var round = 0; round < rounds; round++)
    {
        foreach (var side in Sides.All)
        {
            var path = Path.Combine(root.FullName, $"{side.Name}-{round}.db");
            foreach (var figure in await EvaluatorRun.RunAsync(side, path, measured, batchSize))
            {
                (figures.TryGetValue((side.Name, figure.Phase), out var list) ? list : figures[(side.Name, figure.Phase)] = []).Add(figure);
            }
        }
    }

    Console.WriteLine(EvaluatorRun.SameStores(Path.Combine(root.FullName, "session 11-0.db"), Path.Combine(root.FullName, "today-0.db")));
    Console.WriteLine();
    Console.WriteLine("CPU of the process and bytes allocated, a model of the messages and a profile published: the median of the rounds (each round's in brackets)");
    Console.WriteLine($"{"phase",-46} {"",-10} {"models",6} {"events",6} {"µs a model",-28} {"µs an event",11} {"KiB a model",11} {"GCs 0/1/2",10} {"events as the last",18}");
    foreach (var phase in EvaluatorRun.Phases)
    {
        foreach (var side in Sides.All)
        {
            var runs = figures[(side.Name, phase)];
            var median = runs.OrderBy(f => f.CpuMicroseconds).ElementAt(runs.Count / 2);
            var each = $"{median.CpuMicroseconds / median.Models,7:F0} ({string.Join("/", runs.Select(r => (r.CpuMicroseconds / r.Models).ToString("F0")))})";
            Console.WriteLine($"{phase,-46} {side.Name,-10} {median.Models,6} {median.Events,6} {each,-28} {(median.Events == 0 ? "" : (median.CpuMicroseconds / median.Events).ToString("F0")),11} {median.Allocated / 1024.0 / median.Models,11:F1} {median.Collections,10} {median.Repeats,18}");
        }
    }

    Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    root.Delete(recursive: true);
}

/// <summary>One side of the comparison: how it makes its consumer on a database.</summary>
sealed record Side(string Name, Func<SqliteDatabase, Func<IReadOnlyList<ModelDiscovered>, Func<AccessProfileUpdated, Guid, Task>, Task>> Consumer);

static class Sides
{
    public static readonly EvaluatorOptions Options = new();
    static readonly EvaluatorCatalogues Catalogues = EvaluatorCatalogues.Load(Options.ResolvedCatalogueDirectory);
    static readonly AccessProfileCalculator Calculator = new(Catalogues.Gpus, Catalogues.EnergyPrices, Options.Limits);

    // Both on the collections the service makes (EvaluatorExtensions); the baseline writes through session 11's write.
    public static readonly Side[] All =
    [
        new("session 11", db =>
        {
            var models = new SqliteDocumentCollection<ModelResources>(db, "models", ModelResources.ParentKeys, anyCase: true);
            var profiles = new SqliteDocumentCollection<StoredAccessProfile>(db, "profiles", anyCase: true);
            var consumer = new Session11Consumer(new Session11Writes<ModelResources>(db, "models", models, ModelResources.ParentKeys),
                new Session11Writes<StoredAccessProfile>(db, "profiles", profiles), Calculator, Catalogues, Options, NullLogger.Instance);
            return (batch, publish) => consumer.ProfileAsync(batch, publish, CancellationToken.None);
        }),
        new("today", db =>
        {
            var consumer = new ModelsDiscoveredConsumer(new SqliteDocumentCollection<ModelResources>(db, "models", ModelResources.ParentKeys, anyCase: true),
                new SqliteDocumentCollection<StoredAccessProfile>(db, "profiles", anyCase: true), Calculator, Catalogues, Options,
                NullLogger<ModelsDiscoveredConsumer>.Instance);
            return (batch, publish) => consumer.ProfileAsync(batch, publish, CancellationToken.None);
        }),
    ];
}

/// <summary>
/// A phase of a run: models in its messages, the process's CPU and the bytes allocated over it, AccessProfileUpdated published, and
/// how many of those said what the model's last event said (all fields but the revision).
/// </summary>
sealed record PhaseFigure(string Phase, int Models, double CpuMicroseconds, long Allocated, int Events, int Repeats, string Collections);

static class EvaluatorRun
{
    public const string FirstArrival = "1. first arrival";
    public const string RootsAgain = "2. roots again with their config.json outcome";
    public const string Redelivered = "3. the first batches redelivered";
    public static readonly string[] Phases = [FirstArrival, RootsAgain, Redelivered];

    /// <summary>
    /// The three things a Hub import asks of the consumer, in the order it asks them: every model's first arrival; each family
    /// root published again with its config.json outcome (offline a failure, so every derivative's gap changes and is profiled
    /// again, as in the pipeline benchmark); and the first batches redelivered, which change nothing.
    /// </summary>
    public static async Task<List<PhaseFigure>> RunAsync(Side side, string path, IReadOnlyList<ModelDiscovered> events, int batchSize)
    {
        var consume = side.Consumer(new SqliteDatabase(path));
        var lastEvents = new Dictionary<string, string>(StringComparer.Ordinal);
        var parents = events.SelectMany(e => e.BaseModels).Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var roots = events.Where(e => e.BaseModels.Count == 0 && parents.Contains(e.Id))
            .Select(e => e with { ConfigFile = new ConfigFileOutcome { Revision = e.Sha ?? "", Failure = "HTTP 401: the repository is gated and HF_TOKEN is not set" } })
            .ToList();
        return
        [
            await PhaseAsync(FirstArrival, consume, events, batchSize, lastEvents),
            await PhaseAsync(RootsAgain, consume, roots, batchSize, lastEvents),
            await PhaseAsync(Redelivered, consume, events, batchSize, lastEvents),
        ];
    }

    static async Task<PhaseFigure> PhaseAsync(string phase, Func<IReadOnlyList<ModelDiscovered>, Func<AccessProfileUpdated, Guid, Task>, Task> consume,
        IReadOnlyList<ModelDiscovered> events, int batchSize, Dictionary<string, string> lastEvents)
    {
        var published = new List<AccessProfileUpdated>();
        // The bus is left out (a MassTransit publish costs the same on both sides): the events are kept, to be counted after.
        Task Publish(AccessProfileUpdated updated, Guid messageId)
        {
            published.Add(updated);
            return Task.CompletedTask;
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var collections = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var batch in events.Chunk(batchSize)) await consume(batch, Publish);
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        // An event whose fields, but for the revision, are those of the model's last one: a subscriber learns nothing from it.
        var repeats = 0;
        foreach (var updated in published)
        {
            var content = System.Text.Json.JsonSerializer.Serialize(updated with { Revision = null });
            if (lastEvents.TryGetValue(updated.ModelId, out var last) && last == content) repeats++;
            lastEvents[updated.ModelId] = content;
        }

        return new PhaseFigure(phase, events.Count, used.TotalMicroseconds, bytes, published.Count, repeats,
            string.Join("/", Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collections[g])));
    }

    /// <summary>
    /// Whether both sides stored the same: every model's document byte for byte, and every profile's hash, revision and profile
    /// (today's profile documents also keep the hash of their event, which the baseline's lack).
    /// </summary>
    public static string SameStores(string baseline, string today)
    {
        var (a, b) = (Rows(baseline), Rows(today));
        var differing = a.Keys.Union(b.Keys).Count(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k));
        return differing == 0 ? $"both sides stored the same {a.Count:N0} models and profiles" : $"THE SIDES DIFFER: {differing:N0} of {a.Count:N0} documents";
    }

    static Dictionary<string, string> Rows(string path)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        using var connection = new SqliteDatabase(path).Open();
        foreach (var (table, content) in new[] { ("models", "hash || doc"), ("profiles", "json_extract(doc, '$.profileHash') || json_extract(doc, '$.revision') || json_extract(doc, '$.profile')") })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT id, {content} FROM {table}";
            using var reader = command.ExecuteReader();
            while (reader.Read()) rows[$"{table}/{reader.GetString(0)}"] = reader.GetString(1);
        }

        return rows;
    }
}
