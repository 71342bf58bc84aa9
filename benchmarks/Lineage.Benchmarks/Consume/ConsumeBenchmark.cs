using OpenAccess.Harvester.Publishing;
using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Evaluator.Storage;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Benchmarks.Consume;

/// <summary>
/// CPU per <see cref="ModelDiscovered"/> of each consumer, in process: the service's own registrations on the in-memory bus and
/// its SQLite store, fed real-shaped events (<see cref="SeedEvents"/>) until every one is consumed. Beside it, in the same
/// process: the bus alone (the same events through a consumer that does nothing), and the bare store write of the same
/// documents, one upsert each and in batches. A consumer's own cost is its figure minus the bus's.
/// </summary>
public static class ConsumeBenchmark
{
    const int WarmUp = 2_000;

    /// <param name="count">Events measured, after a warm-up of 2,000 more.</param>
    /// <param name="storeBatch">Documents a transaction in the store-alone figures.</param>
    /// <param name="only">"parts": the consumers' steps alone; "layouts": the store's table layouts (<see cref="StoreLayouts"/>).</param>
    public static async Task RunAsync(int count, int storeBatch, string? only)
    {
        var events = SeedEvents.Load(SeedEvents.FindSeed(), count + WarmUp);
        var warm = events.Skip(count).ToList();
        var measured = events.Take(count).ToList();
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; {count:N0} events, {measured.Sum(e => e.BaseModels.Count):N0} parent links");

        if (only == "layouts")
        {
            StoreLayouts.Run(measured, storeBatch);
            return;
        }

        Console.WriteLine("the consumers' steps alone, without the bus:");
        ConsumerParts.Run(measured, storeBatch);
        if (only == "parts") return;
        Report("bus alone (no-op consumer)", count, await ThroughBusAsync(b => b.AddServiceConsumer<NoOpModelConsumer>("bench"), warm, measured));
        Report("Lineage ModelsDiscovered", count, await ThroughBusAsync(b => b.AddLineage(), warm, measured));
        Report("Evaluator ModelsDiscovered", count, await ThroughBusAsync(b => b.AddEvaluator(), warm, measured));

        Report("store alone: Lineage models, one upsert each", count, await StoreAsync(measured, db => new SqliteDocumentCollection<StoredModel>(db, "models", StoredModel.ParentKeys), m => StoredModel.From(m, null), 1));
        Report($"store alone: Lineage models, {storeBatch} a batch", count, await StoreAsync(measured, db => new SqliteDocumentCollection<StoredModel>(db, "models", StoredModel.ParentKeys), m => StoredModel.From(m, null), storeBatch));
        Report("store alone: Evaluator models, one upsert each", count, await StoreAsync(measured, db => new SqliteDocumentCollection<ModelResources>(db, "models"), ModelResources.From, 1));
        Report($"store alone: Evaluator models, {storeBatch} a batch", count, await StoreAsync(measured, db => new SqliteDocumentCollection<ModelResources>(db, "models"), ModelResources.From, storeBatch));
    }

    static void Report(string what, int count, (double Seconds, double Cpu, long Allocated) m) =>
        Console.WriteLine($"{what,-48} {m.Cpu / count * 1e6,7:F0} µs CPU a message, {count / m.Seconds,8:N0} msg/s wall, {m.Allocated / 1024.0 / count,6:F1} KiB allocated a message");

    static async Task<(double, double, long)> ThroughBusAsync(Action<IHostApplicationBuilder> add, IReadOnlyList<ModelDiscovered> warm, IReadOnlyList<ModelDiscovered> measured)
    {
        var data = Directory.CreateTempSubdirectory("openaccess-consume-bench-");
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = false });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [BusExtensions.InMemoryKey] = "true",
                ["OpenAccess:DataDirectory"] = data.FullName,
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.AddServiceDefaults("bench");
            add(builder);
            using var host = builder.Build();
            await host.StartAsync();
            var bus = host.Services.GetRequiredService<IBus>();
            var done = new ConsumedCounter();
            bus.ConnectConsumeObserver(done);

            await PublishAndWaitAsync(bus, done, warm);
            var result = await TimeAsync(() => PublishAndWaitAsync(bus, done, measured));
            await host.StopAsync();
            return result;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    /// <summary>The events as the harvester publishes them: ModelsDiscovered of its default size, each model under its own message id.</summary>
    static async Task PublishAndWaitAsync(IBus bus, ConsumedCounter done, IReadOnlyList<ModelDiscovered> events)
    {
        var target = done.Count + events.Count;
        var outgoing = events.Select(e => new OutgoingEvent<ModelDiscovered>(MessageIds.From(nameof(ModelDiscovered), e.Id, e.Sha), e)).ToList();
        foreach (var batch in ModelBatchWriter.BatchEvents(outgoing, [.. outgoing.Select(_ => 1)], new PublishOptions()))
        {
            await bus.Publish(batch.Message, c => c.MessageId = batch.MessageId);
        }

        while (done.Count < target) await Task.Delay(5);
    }

    static async Task<(double, double, long)> StoreAsync<T>(IReadOnlyList<ModelDiscovered> events, Func<SqliteDatabase, IDocumentCollection<T>> open, Func<ModelDiscovered, T> map, int batch)
        where T : class
    {
        var data = Directory.CreateTempSubdirectory("openaccess-consume-bench-");
        try
        {
            var store = open(new SqliteDatabase(Path.Combine(data.FullName, "store.db")));
            return await TimeAsync(async () =>
            {
                foreach (var chunk in events.Chunk(batch))
                {
                    if (batch == 1) await store.UpsertAsync(chunk[0].Id, map(chunk[0]), CancellationToken.None);
                    else await store.UpsertManyAsync([.. chunk.Select(e => (e.Id, map(e)))], CancellationToken.None);
                }
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    static async Task<(double, double, long)> TimeAsync(Func<Task> action)
    {
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        await action();
        return (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, GC.GetTotalAllocatedBytes() - allocated);
    }

    /// <summary>Counts every model of every <see cref="ModelsDiscovered"/> consumed, well or not, so a run ends even when some fail.</summary>
    sealed class ConsumedCounter : IConsumeObserver
    {
        int count;

        public int Count => Volatile.Read(ref count);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is ModelsDiscovered batch) Interlocked.Add(ref count, batch.Models.Count);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
        {
            if (context.Message is ModelsDiscovered batch) Interlocked.Add(ref count, batch.Models.Count);
            return Task.CompletedTask;
        }
    }
}

/// <summary>The bus's own share: receives each event and does nothing with it.</summary>
public sealed class NoOpModelConsumer : IConsumer<ModelsDiscovered>
{
    public Task Consume(ConsumeContext<ModelsDiscovered> context) => Task.CompletedTask;
}
