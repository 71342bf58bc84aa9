using System.Diagnostics;
using OpenAccess.Harvester.Benchmarks;
using OpenAccess.Harvester.Importing;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Harvester.Storage;
using RabbitMQ.Client;

// Snapshot import → ModelDiscovered on a real RabbitMQ, next to RabbitMQ.Client publishing the same bodies.
// Usage: [models=200000] [raw in-flight window=1000] [sink: queue|queue-v1|queue-quorum|none = queue] [broker=amqp://guest:guest@localhost:5672/] [parts|lean] [gc] [--Harvester:Setting=value…]
var parts = args.Contains("parts"); // each step apart instead of the whole import
var lean = args.Contains("lean"); // only raw, the import and raw again: memory and time for a whole Hub of 2,000,000 models
var gcLog = args.Contains("gc"); // every collection of the garbage collector during the import
args = args.Where(a => a is not ("parts" or "lean" or "gc")).ToArray();
var settings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray();
args = args.Except(settings).ToArray();
var count = args.Length > 0 ? int.Parse(args[0]) : 200_000;
var rawWindow = args.Length > 1 ? int.Parse(args[1]) : 1000;
var sink = args.Length > 2 ? args[2] : "queue";
var broker = new Uri(args.Length > 3 ? args[3] : "amqp://guest:guest@localhost:5672/");
const int HubModels = 2_000_000;
const string MassTransitExchange = "OpenAccess.Contracts:ModelDiscovered", RawExchange = "bench-raw:ModelDiscovered";

var vhost = $"harvester-bench-{Environment.ProcessId}";
var work = Directory.CreateTempSubdirectory("harvester-bench-");
var brokerAddress = new Uri(broker, vhost);
Broker.Run("add_vhost", vhost);
try
{
    Broker.Run("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    Console.WriteLine($"settings: {(settings.Length == 0 ? "defaults" : string.Join(' ', settings))}");
    Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
    var snapshot = Path.Combine(work.FullName, "synthetic.jsonl");
    var (lines, bytes) = await SyntheticSnapshot.WriteAsync(Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz"), snapshot, count);
    Console.WriteLine($"synthetic snapshot: {lines:N0} models, {bytes / 1048576.0:F0} MiB of JSONL");

    var factory = new ConnectionFactory { Uri = brokerAddress };
    await using var connection = await factory.CreateConnectionAsync("harvester-bench-raw");
    var queued = sink.StartsWith("queue", StringComparison.Ordinal);
    var queueVersion = sink switch { "queue-v1" => 1, "queue-quorum" => Broker.Quorum, _ => 2 };
    Console.WriteLine($"sink: {(!queued ? "none (unrouted)" : queueVersion == Broker.Quorum ? "a quorum queue per exchange" : $"a durable classic queue (version {queueVersion}) per exchange")}");
    await Broker.DeclareSinkAsync(connection, MassTransitExchange, queued ? "bench-sink-masstransit" : null, queueVersion);
    await Broker.DeclareSinkAsync(connection, RawExchange, queued ? "bench-sink-raw" : null, queueVersion);

    await using var harvester = await BenchHost.StartAsync(Path.Combine(work.FullName, "data"), brokerAddress, settings);
    if (parts)
    {
        await Parts.RunAsync(snapshot, work.FullName, new Uri(brokerAddress, "harvester-bench"), new Uri(brokerAddress, MassTransitExchange));
        return;
    }

    var (bodies, events) = await MassTransitBodies.BuildAsync(snapshot, new Uri(brokerAddress, "harvester-bench"), new Uri(brokerAddress, MassTransitExchange), keepEvents: !lean);
    Console.WriteLine($"{bodies.Count:N0} bodies, {bodies.Average(b => b.Body.Length):F0} bytes each on average");

    var raw1 = await Measure.TimeAsync(() => RawPublisher.PublishAsync(connection, RawExchange, bodies, rawWindow));
    Console.WriteLine($"raw RabbitMQ.Client, confirms, {rawWindow} in flight: {raw1.Describe(bodies.Count)}");

    var rawChannels = new List<Measure>();
    foreach (var channels in lean ? [] : new[] { 2, 8 })
    {
        var rawN = await Measure.TimeAsync(() => RawPublisher.PublishAsync(connection, RawExchange, bodies, rawWindow, channels));
        Console.WriteLine($"raw RabbitMQ.Client, {channels} channels: {rawN.Describe(bodies.Count)}");
        rawChannels.Add(rawN);
    }

    if (!lean)
    {
        var massTransit = new BusEventPublisher(harvester.Get<MassTransit.IBus>(), harvester.Get<PublishOptions>());
        var publishOnly = await Measure.TimeAsync(() => massTransit.PublishAsync(events, CancellationToken.None));
        Console.WriteLine($"MassTransit IBus.Publish alone (no import), same events: {publishOnly.Describe(events.Count)}");
    }

    HarvestRun? run = null;
    var importer = harvester.Get<SnapshotImporter>();
    var import = await Measure.TimeAsync(async () =>
    {
        using var collections = GcLog.Start(gcLog);
        run = await importer.ImportAsync(BenchHost.NewRun(snapshot), snapshot, default, CancellationToken.None);
    });
    var published = run!.Published;
    Console.WriteLine($"snapshot import → ModelDiscovered: {import.Describe(published, "model")}; {run.Published:N0} published, {run.Rejected:N0} rejected, status {run.Status}");

    var raw2 = await Measure.TimeAsync(() => RawPublisher.PublishAsync(connection, RawExchange, bodies, rawWindow));
    Console.WriteLine($"raw RabbitMQ.Client again: {raw2.Describe(bodies.Count)}");

    var reimport = await Measure.TimeAsync(async () => run = await importer.ImportAsync(BenchHost.NewRun(snapshot), snapshot, default, CancellationToken.None));
    Console.WriteLine($"same snapshot again (all unchanged, nothing published): {reimport.Describe(run!.Unchanged, "model")}");

    if (queued) await Broker.CompareSizesAsync(connection, "bench-sink-masstransit", bodies);

    var rawRate = bodies.Count / ((raw1.Seconds + raw2.Seconds) / 2);
    var importRate = published / import.Seconds;
    var rawCpu = (raw1.OwnCpuSeconds + raw1.BrokerCpuSeconds + raw2.OwnCpuSeconds + raw2.BrokerCpuSeconds) / 2 / bodies.Count;
    var importCpu = (import.OwnCpuSeconds + import.BrokerCpuSeconds) / published;
    Console.WriteLine();
    Console.WriteLine($"raw publish (mean of both runs): {rawRate:N0} msg/s, {rawCpu * 1e6:F0} µs CPU a message (client + broker)");
    var bestRaw = Math.Max(rawRate, rawChannels.Count == 0 ? 0 : rawChannels.Max(m => bodies.Count / m.Seconds));
    Console.WriteLine($"import:                          {importRate:N0} models/s = {importRate / rawRate:P0} of raw ({importRate / bestRaw:P0} of raw on its best number of channels); {importCpu * 1e6:F0} µs CPU a model (harvester + broker)");
    Console.WriteLine($"on {Environment.ProcessorCount} idle cores, CPU-bound: raw {Environment.ProcessorCount / rawCpu:N0} msg/s, import {Environment.ProcessorCount / importCpu:N0} models/s = {rawCpu / importCpu:P0} of raw");
    Console.WriteLine($"whole Hub, {HubModels:N0} models: import {HubModels / importRate / 60:F1} min, raw publish {HubModels / rawRate / 60:F1} min");
    Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    Broker.Run("delete_vhost", vhost);
    work.Delete(recursive: true);
}
