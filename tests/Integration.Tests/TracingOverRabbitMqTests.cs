using System.Diagnostics;
using System.IO.Compression;
using OpenAccess.Harvester.Importing;
using OpenAccess.Integration.Tests.Infrastructure;
using OpenTelemetry.Trace;
using EvaluatorMarker = OpenAccess.Evaluator.Consumers.ModelsDiscoveredConsumer;
using LineageMarker = OpenAccess.Lineage.Consumers.ModelsDiscoveredConsumer;

namespace OpenAccess.Integration.Tests;

/// <summary>One model's journey is one trace: the import request, the publish, each consumer behind the broker, each store write.</summary>
public sealed class TracingOverRabbitMqTests(RabbitMqTestBroker broker) : IClassFixture<RabbitMqTestBroker>, IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("openaccess-tracing-").FullName;
    static readonly ActivitySource TestSource = new("OpenAccess.Tests");
    readonly SpanLog spans = new();

    [Fact]
    public async Task Import_publish_consumers_and_store_writes_form_one_trace_across_the_broker()
    {
        using var harvester = new ServiceFactory<SnapshotImporter>(Settings("harvester"),
            services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        using var lineage = new ServiceFactory<LineageMarker>(Settings("lineage"));
        using var evaluator = new ServiceFactory<EvaluatorMarker>(Settings("evaluator"));
        var line = FirstLineWithAParent();

        var api = new ApiClient(harvester.CreateClient());
        // The test's own root span: other tests in this process import too, and only this trace counts.
        using var root = TestSource.StartActivity("import one model", ActivityKind.Client);
        Assert.NotNull(root);
        using (var response = await api.Http.PostAsync("/snapshots?name=one-model", new StringContent(line)))
        {
            response.EnsureSuccessStatusCode();
        }

        var request = await Eventually.Get(() => Task.FromResult(spans.Snapshot().SingleOrDefault(s => s.TraceId == root.TraceId && s.Kind == ActivityKind.Server)),
            s => s is not null, "the import request's span");
        // A consumer's span ends after the store write inside it, so the chain is complete only once both are exported.
        var services = new[] { "lineage", "evaluator" };
        var all = await Eventually.Get(
            () => Task.FromResult(spans.Snapshot().Where(s => s.TraceId == request!.TraceId).ToList()),
            trace => services.All(service => WriteUnder(trace, service) is not null),
            "a store write under the lineage and the evaluator consumer");
        var byId = all.ToDictionary(s => s.SpanId);
        var import = Assert.Single(all, s => s.DisplayName == "import snapshot");
        Assert.Equal(request!.SpanId, import.ParentSpanId);

        foreach (var service in services)
        {
            var chain = Ancestors(WriteUnder(all, service)!, byId).ToList();
            // The harvester hands its batches to RabbitMQ itself (RabbitMqEventPublisher): its producer span is the consumers' parent.
            Assert.Contains(chain, a => a.Kind == ActivityKind.Producer && a.Source.Name == "OpenAccess.Harvester" && a.DisplayName == "OpenAccess.Contracts:ModelsDiscovered send");
            Assert.Contains(import, chain);
            Assert.Contains(request, chain);
        }
    }

    static Activity? WriteUnder(IReadOnlyList<Activity> trace, string service)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        return trace.FirstOrDefault(s => s.Source.Name == "OpenAccess.Storage" && s.DisplayName.StartsWith("upsert ")
            && Ancestors(s, byId).Any(a => a.Kind == ActivityKind.Consumer && a.DisplayName.Contains($"{service}-models-discovered")));
    }

    static IEnumerable<Activity> Ancestors(Activity span, IReadOnlyDictionary<ActivitySpanId, Activity> byId)
    {
        var current = span;
        while (current.ParentSpanId != default && byId.TryGetValue(current.ParentSpanId, out var parent))
        {
            yield return parent;
            current = parent;
        }
    }

    static string FirstLineWithAParent()
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(Snapshot.BundledPath), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains("base_model:finetune:"))
            {
                return line + "\n";
            }
        }

        throw new InvalidOperationException("the bundled snapshot has no derived model");
    }

    Dictionary<string, string?> Settings(string service) => new()
    {
        ["ConnectionStrings:rabbitmq"] = broker.ConnectionString,
        ["OpenAccess:DataDirectory"] = Path.Combine(data, service),
    };

    public void Dispose() => Directory.Delete(data, recursive: true);
}
