using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Consumers;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Replicas;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Benchmarks.Consume;

/// <summary>
/// CPU a model of Lineage's <see cref="ModelsDiscoveredConsumer"/> without the bus (<c>consumer-path</c>): the real
/// consumer's work on each message's models (<see cref="ModelsDiscoveredConsumer.ConsumeAsync(IReadOnlyList{ModelDiscovered}, CancellationToken)"/>)
/// beside the path of main before session 13, in the same process on the same events, taking turns round by round, each
/// round on a fresh graph and SQLite store. Before: each message's records read back from the store (<c>GetManyAsync</c>)
/// for the revision and label, each id looked up in the graph twice more under its read lock, and once more by the
/// intake for the card mentions. Each way is timed twice a round: the models arriving for the first time (an import into
/// an empty store), then the same messages again (a redelivery, or a harvest of models already stored: the read finds
/// every record and deserializes it).
/// </summary>
public static class ConsumerPathFigures
{
    const int ModelsAMessage = 100;

    public static async Task RunAsync(int count, int rounds)
    {
        var events = SeedEvents.Load(SeedEvents.FindSeed(), count);
        var messages = events.Chunk(ModelsAMessage).Select(c => (IReadOnlyList<ModelDiscovered>)c).ToList();
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; {count:N0} models, {messages.Count:N0} messages of {ModelsAMessage}, {rounds} rounds (the first a warm-up)");

        var ways = new (string Name, Func<Way> Open)[]
        {
            ("before: the records read back a message (main)", () => Way.Open(before: true)),
            ("this branch: revisions kept by the intake", () => Way.Open(before: false)),
        };
        var figures = ways.Select(_ => (First: new List<double>(), Again: new List<double>())).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var w = 0; w < ways.Length; w++)
            {
                using var way = ways[w].Open();
                var first = await TimeAsync(way, messages);
                var again = await TimeAsync(way, messages);
                if (round == 0) continue;
                figures[w].First.Add(first / count);
                figures[w].Again.Add(again / count);
            }
        }

        Console.WriteLine($"{"way",-50} {"first arrival, best / median",30} {"again (all stored), best / median",36}   µs CPU a model");
        for (var w = 0; w < ways.Length; w++)
            Console.WriteLine($"{ways[w].Name,-50} {Show(figures[w].First),30} {Show(figures[w].Again),36}");
        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    static string Show(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? "-" : $"{sorted[0],6:F1} / {sorted[sorted.Count / 2],6:F1}";
    }

    static async Task<double> TimeAsync(Way way, IReadOnlyList<IReadOnlyList<ModelDiscovered>> messages)
    {
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var message in messages) await way.ConsumeAsync(message);
        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds;
    }

    sealed class Way(DirectoryInfo data, Func<IReadOnlyList<ModelDiscovered>, Task> consume) : IDisposable
    {
        public Task ConsumeAsync(IReadOnlyList<ModelDiscovered> message) => consume(message);

        public static Way Open(bool before)
        {
            var data = Directory.CreateTempSubdirectory("openaccess-consumer-path-");
            var models = new SqliteDocumentCollection<StoredModel>(new SqliteDatabase(Path.Combine(data.FullName, "lineage.db")), "models", StoredModel.ParentKeys);
            var options = new LineageOptions();
            var state = new GraphState(options);
            state.MarkReady();
            var intake = new ModelIntake(state, options, TimeProvider.System, NullLogger<ModelIntake>.Instance);
            if (!before)
            {
                var consumer = new ModelsDiscoveredConsumer(state, intake, models, new ReplicaNotifier(new ReplicaOptions(), null!), NullLogger<ModelsDiscoveredConsumer>.Instance);
                return new Way(data, m => consumer.ConsumeAsync(m, CancellationToken.None));
            }

            return new Way(data, async batch =>
            {
                // The consumer of main at b60840b, step for step.
                var stored = await models.GetManyAsync(batch.Select(m => state.Graph.DisplayId(m.Id) ?? m.Id).ToHashSet(StringComparer.Ordinal), CancellationToken.None);
                var applied = new Dictionary<string, StoredModel>(StringComparer.Ordinal);
                foreach (var message in batch)
                {
                    var key = state.Graph.DisplayId(message.Id) ?? message.Id;
                    var known = applied.GetValueOrDefault(key) ?? stored.GetValueOrDefault(key);
                    if (known?.LastModified is { } knownAt && message.LastModified is { } arriving && arriving < knownAt) continue;
                    if (intake.Apply(StoredModel.From(message, known?.LeaderboardTypeLabel)) is { } result)
                    {
                        applied[result.Record.Id] = result.Record;
                        _ = state.Graph.FindNode(result.Record.Id); // main's intake looked the node up again, under the read lock
                    }
                }

                await models.UpsertManyAsync([.. applied.Select(p => (p.Key, p.Value))], CancellationToken.None);
            });
        }

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }
}
