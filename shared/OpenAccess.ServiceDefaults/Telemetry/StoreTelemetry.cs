using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OpenAccess.ServiceDefaults.Telemetry;

/// <summary>
/// A span and a latency measurement for each store operation (OpenTelemetry database conventions:
/// <c>db.client.operation.duration</c> in seconds), so a slow store shows in the trace and on a dashboard.
/// </summary>
public static class StoreTelemetry
{
    public static readonly ActivitySource Source = new($"{TelemetryExtensions.SourcePrefix}.Storage");
    static readonly Meter Meter = new($"{TelemetryExtensions.SourcePrefix}.Storage");
    static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "db.client.operation.duration", unit: "s", description: "Duration of store operations.");

    public static Operation Start(string system, string operation, string collection) => new(system, operation, collection);

    public readonly struct Operation : IDisposable
    {
        readonly Activity? activity;
        readonly long started;
        readonly KeyValuePair<string, object?>[] tags;

        internal Operation(string system, string operation, string collection)
        {
            tags = [new("db.system.name", system), new("db.operation.name", operation), new("db.collection.name", collection)];
            activity = Source.StartActivity($"{operation} {collection}", ActivityKind.Client, parentContext: default, tags: tags);
            started = Stopwatch.GetTimestamp();
        }

        public void Dispose()
        {
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            activity?.Dispose();
        }
    }
}
