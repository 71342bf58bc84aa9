using System.Diagnostics;
using RabbitMQ.Client;

namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>The raw baseline's figures: the import with no consumer running, and each raw consumer draining its queue alone.</summary>
public sealed record BaselineResult(HarvesterRun Run, double HarvesterCpuSeconds, long HarvesterPeakRssBytes, double BrokerImportCpuSeconds, IReadOnlyList<RawDrain> Drains);

/// <summary>One raw consumer's drain: wall time, this process's CPU and the broker's over it.</summary>
/// <remarks>A drain that failed has no messages; the report says so instead of a figure.</remarks>
public sealed record RawDrain(string Name, long Messages, TimeSpan Wall, double OwnCpuSeconds, double BrokerCpuSeconds)
{
    public bool Failed => Messages == 0;
    public double OwnMicroseconds => OwnCpuSeconds / Messages * 1e6;
    public double BrokerMicroseconds => BrokerCpuSeconds / Messages * 1e6;
    public double Rate => Messages / Wall.TotalSeconds;
}

/// <summary>
/// The same import into a virtual host of its own where four plain durable queues stand in for the consumers' (bound to
/// the same fanout exchange MassTransit declares), so they receive exactly the messages the services receive. Nothing
/// consumes during the import; then each queue is drained into a fresh SQLite file, one after the other, so each drain's
/// CPU is its own: two by <see cref="RawBaseline"/> (read and store), two by <see cref="ConsumerLogic"/> (the consumers' own steps).
/// </summary>
public static class BaselineRun
{
    const string Exchange = "OpenAccess.Contracts:ModelsDiscovered";

    public static async Task<BaselineResult> RunAsync(
        string repository, Uri broker, string work, string snapshot, ushort prefetch, string[] settings, HttpClient http, CancellationToken cancellationToken)
    {
        await using var vhost = BrokerVhost.Create(broker, $"pipeline-bench-raw-{Environment.ProcessId}");
        await using var connection = await vhost.ConnectAsync("pipeline-bench-raw");
        var stores = new (string Queue, Func<string, Func<IReadOnlyList<OpenAccess.Contracts.ModelDiscovered>, Task>> Store)[]
        {
            ("raw-lineage", RawBaseline.LineageStore),
            ("raw-evaluator", RawBaseline.EvaluatorStore),
            ("logic-lineage", ConsumerLogic.Lineage),
            ("logic-evaluator", path => ConsumerLogic.Evaluator(path, Path.Combine(AppContext.BaseDirectory, "Catalogues"))),
        };
        await using (var setup = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            await setup.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            foreach (var (queue, _) in stores)
            {
                await setup.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
                await setup.QueueBindAsync(queue, Exchange, string.Empty, cancellationToken: cancellationToken);
            }
        }

        HarvesterRun run;
        ProcStats harvesterStats;
        var brokerPid = ProcStats.BrokerPid() ?? throw new InvalidOperationException("no beam.smp process: is RabbitMQ running here?");
        var brokerBefore = ProcStats.Of(brokerPid).CpuSeconds;
        await using (var harvester = ServiceProcess.Start(repository, "Harvester", Path.Combine(work, "raw"), vhost.Address,
            [$"--OpenAccess:Harvester:ImportFolder={Path.GetDirectoryName(snapshot)}", .. settings]))
        {
            await harvester.WaitReadyAsync(http, TimeSpan.FromMinutes(3), cancellationToken);
            var before = harvester.Stats();
            run = await (await HarvesterRun.StartAsync(http, harvester, Path.GetFileName(snapshot), cancellationToken)).WaitAsync(http, harvester, cancellationToken);
            harvesterStats = harvester.Stats() with { CpuSeconds = harvester.Stats().CpuSeconds - before.CpuSeconds };
        }

        var brokerImport = ProcStats.Of(brokerPid).CpuSeconds - brokerBefore;
        var drains = new List<RawDrain>();
        foreach (var (queue, store) in stores)
        {
            var write = store(Path.Combine(work, "raw", $"{queue}.db"));
            GC.Collect();
            var own = Process.GetCurrentProcess().TotalProcessorTime;
            var brokerCpu = ProcStats.Of(brokerPid).CpuSeconds;
            try
            {
                // A connection of its own: a channel error the broker answers by closing the connection spoils one drain, not the rest.
                await using var drainConnection = await vhost.ConnectAsync($"pipeline-bench-{queue}");
                var wall = await RawBaseline.DrainAsync(drainConnection, queue, prefetch, run.Published, write, cancellationToken);
                drains.Add(new RawDrain(queue, run.Published, wall, (Process.GetCurrentProcess().TotalProcessorTime - own).TotalSeconds, ProcStats.Of(brokerPid).CpuSeconds - brokerCpu));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine($"raw drain of {queue} failed: {e.Message}");
                drains.Add(new RawDrain(queue, 0, TimeSpan.Zero, 0, 0));
            }
        }

        return new BaselineResult(run, harvesterStats.CpuSeconds, harvesterStats.PeakRssBytes, brokerImport, drains);
    }
}
