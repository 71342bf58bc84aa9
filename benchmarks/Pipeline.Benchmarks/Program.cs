using System.Runtime.InteropServices;
using OpenAccess.Pipeline.Benchmarks;

// The whole pipeline as deployed: Harvester, Lineage, Fitting and Evaluator as separate processes on the local RabbitMQ,
// one snapshot import of N synthetic models, timed to quiescence; beside it, raw RabbitMQ.Client consumers storing the
// same messages. The services run from their Release builds, which building this project makes (dotnet run -c Release).
// Usage: [models=20000] [--Setting=value … given to every service, e.g. --OpenAccess:Bus:PrefetchCount=128]
var settings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var count = args.Except(settings).Select(int.Parse).DefaultIfEmpty(20_000).First();
// The model consumers' prefetch: their endpoints take ModelsDiscovered, BatchEventPrefetchCount at a time (4 by default).
var prefetch = (ushort)settings.Select(s => s.Split('=', 2)).Where(s => s[0] == "--OpenAccess:Bus:BatchEventPrefetchCount").Select(s => int.Parse(s[1])).DefaultIfEmpty(4).Last();
var broker = new Uri(Environment.GetEnvironmentVariable("OPENACCESS_BENCH_RABBITMQ") ?? "amqp://guest:guest@localhost:5672/");
var repository = Repository();

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // let the finally blocks stop the services and delete the virtual hosts and files
    cancel.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

var work = Directory.CreateTempSubdirectory("pipeline-bench-");
try
{
    Console.WriteLine($"load average at start: {ProcStats.LoadAverage()} ({Environment.ProcessorCount} cores); settings: {(settings.Length == 0 ? "defaults" : string.Join(' ', settings))}; classic queue version: {BrokerVhost.QueueVersion?.ToString() ?? "the broker's default"}");
    var snapshot = Path.Combine(Directory.CreateDirectory(Path.Combine(work.FullName, "import")).FullName, "synthetic.jsonl");
    var (lines, bytes) = await SyntheticTrees.WriteAsync(Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz"), snapshot, count);
    Console.WriteLine($"synthetic snapshot: {lines:N0} models in copies of the bundled trees, {bytes / 1048576.0:F0} MiB of JSONL");

    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
    var pipeline = await PipelineRun.RunAsync(repository, broker, work.FullName, snapshot, settings, http, cancel.Token);
    Console.WriteLine($"pipeline quiescent {pipeline.Quiescence.TotalSeconds:F1} s after the import started, import {pipeline.Run.Duration.TotalSeconds:F1} s; load average {ProcStats.LoadAverage()}");
    foreach (var p in pipeline.Processes) Console.WriteLine($"  {p.Name}: {p.CpuBreakdown} CPU a {p.Unit}, peak RSS {p.PeakRssBytes / 1048576.0:N0} MiB");
    Console.WriteLine($"  queue peaks: {string.Join(", ", pipeline.QueuePeaks.Select(q => $"{q.Key} {q.Value:N0}"))}");
    var raw = await BaselineRun.RunAsync(repository, broker, work.FullName, snapshot, prefetch, settings, http, cancel.Token);
    Report.Print(pipeline, raw, prefetch);
    Console.WriteLine($"load average at end: {ProcStats.LoadAverage()}");
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled: services stopped, virtual hosts and files removed");
    Environment.ExitCode = 130;
}
finally
{
    work.Delete(recursive: true);
}

static string Repository()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "OpenAccess.sln"))) return dir.FullName;
    }

    throw new InvalidOperationException("run from the repository's build output (artifacts/bin/Pipeline.Benchmarks)");
}
