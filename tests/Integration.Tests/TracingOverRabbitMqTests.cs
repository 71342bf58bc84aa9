using System.Diagnostics;
using System.IO.Compression;
using OpenAccess.Harvester.Importing;
using OpenAccess.Integration.Tests.Infrastructure;
using OpenTelemetry.Trace;
using EvaluatorMarker = OpenAccess.Evaluator.Consumers.ModelDiscoveredConsumer;
using LineageMarker = OpenAccess.Lineage.Consumers.ModelDiscoveredConsumer;

namespace OpenAccess.Integration.Tests;

/// <summary>One model's journey is one trace: the import request, the publish, each consumer behind the broker, each store write.</summary>
public sealed class TracingOverRabbitMqTests(RabbitMqTestBroker broker) : IClassFixture<RabbitMqTestBroker>, IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("openaccess-tracing-").FullName;
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
        using var response = await api.Http.PostAsync("/snapshots?name=one-model", new StringContent(line));
        response.EnsureSuccessStatusCode();

        // Other tests run in this process at the same time: only spans of this request's trace count.
        var request = await Eventually.Get(() => Task.FromResult(spans.Snapshot().SingleOrDefault(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == "/snapshots" && s.Source.Name.StartsWith("Microsoft.AspNetCore"))),
            s => s is not null, "the import request's span");
        var writes = await Eventually.Get(() => Task.FromResult(StoreWrites(request!.TraceId)), w => w.Count >= 2, "a store write in lineage and in the evaluator");
        var all = spans.Snapshot().Where(s => s.TraceId == request!.TraceId).ToList();
        var byId = all.ToDictionary(s => s.SpanId);
        var import = Assert.Single(all, s => s.DisplayName == "import snapshot");
        Assert.Equal(request!.SpanId, import.ParentSpanId);

        foreach (var service in new[] { "lineage", "evaluator" })
        {
            var write = Assert.Single(writes, w => Ancestors(w, byId).Any(a => a.Kind == ActivityKind.Consumer && a.DisplayName.Contains($"{service}-model-discovered")));
            var chain = Ancestors(write, byId).ToList();
            Assert.Equal(request.TraceId, write.TraceId);
            Assert.Contains(chain, a => a.Kind == ActivityKind.Producer && a.Source.Name == "MassTransit");
            Assert.Contains(import, chain);
            Assert.Contains(request, chain);
        }
    }

    List<Activity> StoreWrites(ActivityTraceId trace) =>
        spans.Snapshot().Where(s => s.TraceId == trace && s.Source.Name == "OpenAccess.Storage" && s.DisplayName == "upsert models").ToList();

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
