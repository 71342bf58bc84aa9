using System.Collections.Concurrent;
using System.Diagnostics;
using MongoDB.Driver.Core.Configuration;
using MongoDB.Driver.Core.Events;

namespace OpenAccess.ServiceDefaults.Telemetry;

/// <summary>
/// One span per MongoDB command (OpenTelemetry database semantic conventions), from the driver's
/// command events: the driver has no ActivitySource of its own.
/// </summary>
public static class MongoCommandTracer
{
    public static readonly ActivitySource Source = new($"{TelemetryExtensions.SourcePrefix}.MongoDB");

    static readonly HashSet<string> Ignored = ["hello", "isMaster", "saslStart", "saslContinue", "ping", "buildInfo", "getLastError", "endSessions"];

    public static void Subscribe(ClusterBuilder cluster)
    {
        var open = new ConcurrentDictionary<int, Activity>();
        cluster.Subscribe<CommandStartedEvent>(e =>
        {
            if (Ignored.Contains(e.CommandName)) return;
            var activity = Source.StartActivity($"{e.CommandName} {e.DatabaseNamespace.DatabaseName}", ActivityKind.Client);
            if (activity is null) return;
            activity.SetTag("db.system.name", "mongodb");
            activity.SetTag("db.operation.name", e.CommandName);
            activity.SetTag("db.namespace", e.DatabaseNamespace.DatabaseName);
            open[e.RequestId] = activity;
        });
        cluster.Subscribe<CommandSucceededEvent>(e =>
        {
            if (open.TryRemove(e.RequestId, out var activity)) activity.Dispose();
        });
        cluster.Subscribe<CommandFailedEvent>(e =>
        {
            if (!open.TryRemove(e.RequestId, out var activity)) return;
            activity.SetStatus(ActivityStatusCode.Error, e.Failure.Message);
            activity.Dispose();
        });
    }
}
