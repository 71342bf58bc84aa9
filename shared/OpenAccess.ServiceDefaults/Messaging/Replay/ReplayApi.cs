using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Contracts;

namespace OpenAccess.ServiceDefaults.Messaging.Replay;

/// <summary>The body of <c>POST /replays</c>: the event type to replay and the queue to send it to.</summary>
public sealed record ReplayRequest(string? Event, string? Queue);

/// <summary>
/// <c>POST /replays</c> and <c>GET /replays/{id}</c> of the service that publishes an event: admin routes
/// (<see cref="Security.AdminRoutes"/>), under the service's own prefix, as every service's API is.
/// </summary>
public static partial class ReplayApi
{
    /// <summary>Every event that can be replayed, and the route of the service that replays it (the one that publishes it).</summary>
    public static readonly IReadOnlyDictionary<string, string> Routes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(ModelDiscovered)] = "/api/harvest/replays",
        [nameof(ModelsDiscovered)] = "/api/harvest/replays",
        [nameof(FamilyAdoptionChanged)] = "/api/lineage/replays",
        [nameof(AccessProfileUpdated)] = "/api/access/replays",
    };

    public static void MapReplayApi(this RouteGroupBuilder api, params string[] eventTypes)
    {
        api.MapPost("/replays", (ReplayRequest? body, HttpContext context, CancellationToken ct) => StartAsync(body, eventTypes, context.RequestServices.GetService<ReplayRuns>(), ct))
            .WithSummary($"Admin: send the current state of {string.Join(" or ", eventTypes)} (the last one published of each) to one existing queue and to no other, under the original message ids; 202 with the replay.");
        api.MapGet("/replays/{id}", (string id, HttpContext context) =>
                context.RequestServices.GetService<ReplayRuns>()?.Get(id) is { } status && eventTypes.Contains(status.EventType)
                    ? Results.Ok(status)
                    : Results.Problem($"No replay '{id}' is known here (statuses are kept in memory, the last {ReplayOptions.Section}:KeepFinished).",
                        statusCode: StatusCodes.Status404NotFound, title: "Replay not found"))
            .WithSummary("A replay's progress: messages sent (confirmed by the broker) of the total, and its state.");
    }

    static async Task<IResult> StartAsync(ReplayRequest? body, string[] eventTypes, ReplayRuns? runs, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Event) || !Routes.TryGetValue(body.Event, out var route))
        {
            return BadRequest("event", $"'event' must be one of the events that can be replayed: {string.Join(", ", Routes.Select(r => $"{r.Key} (POST {r.Value})"))}" +
                (string.IsNullOrWhiteSpace(body?.Event) ? "." : $"; '{body.Event}' is not one."));
        }

        if (!eventTypes.Contains(body.Event))
        {
            return BadRequest("event", $"{body.Event} is replayed by the service that publishes it: POST {route}. This one replays {string.Join(" and ", eventTypes)}.");
        }

        var eventType = body.Event;

        if (string.IsNullOrWhiteSpace(body.Queue) || !QueueName().IsMatch(body.Queue))
        {
            return BadRequest("queue", "'queue' must name the subscriber's queue: 1 to 255 letters, digits, '.', '-', '_' or ':'.");
        }

        if (runs is null || !runs.Replays(eventType))
        {
            return Results.Problem($"This instance does not publish {eventType} (a read replica): replays run on the instance that publishes it.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not the publisher");
        }

        var (outcome, status) = await runs.StartAsync(eventType, body.Queue, ct);
        return outcome switch
        {
            ReplayOutcome.Started => Results.Accepted($"replays/{status!.Id}", status),
            ReplayOutcome.NoSuchQueue => Results.Problem($"There is no queue '{body.Queue}': declare it and bind it to the event's exchange first (a replay never creates a queue).",
                statusCode: StatusCodes.Status404NotFound, title: "Queue not found", extensions: new Dictionary<string, object?> { ["field"] = "queue" }),
            _ => Results.Problem($"A replay to '{body.Queue}' is running (replay {status!.Id}, {status.Sent} of {status.Total} sent): wait for it to end.",
                statusCode: StatusCodes.Status409Conflict, title: "Replay running", extensions: new Dictionary<string, object?> { ["replay"] = status }),
        };
    }

    static IResult BadRequest(string field, string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", extensions: new Dictionary<string, object?> { ["field"] = field });

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,255}$")]
    private static partial Regex QueueName();
}
