using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace OpenAccess.ServiceDefaults.Security;

/// <summary>A public path pattern (route syntax, as YARP's <c>Match.Path</c>) and the methods on it that need the admin key.</summary>
public sealed class AdminRoute(string path, params string[] methods)
{
    readonly TemplateMatcher matcher = new(TemplateParser.Parse(path), new RouteValueDictionary());

    public string Path { get; } = path;
    public IReadOnlyList<string> Methods { get; } = methods;

    /// <summary>Matched as routing matches an endpoint: methods and paths without regard to case, a trailing slash ignored.</summary>
    public bool Matches(string method, PathString requestPath) =>
        Methods.Contains(method, StringComparer.OrdinalIgnoreCase) && matcher.TryMatch(requestPath, new RouteValueDictionary());

    public override string ToString() => $"{string.Join('|', Methods)} {Path}";
}

/// <summary>
/// The routes only an administrator may call, in one place: the gateway refuses to start unless its configured routes
/// guard exactly these, and the Standalone host guards these itself, so the two cannot drift apart.
/// </summary>
public static class AdminRoutes
{
    public static readonly IReadOnlyList<AdminRoute> All =
    [
        // Starting and cancelling runs and uploads: a run can read files of the server.
        new("/api/harvest/{**remainder}", "POST", "PUT", "PATCH", "DELETE"),
        // The raw text of refused records, which may hold anything a file held.
        new("/api/harvest/quarantine", "GET"),
        new("/api/fitting/refit-all", "POST", "DELETE"),
        // Replays send a whole event stream to a queue a caller names, and their statuses name subscribers' queues
        // (POST /api/harvest/replays is an admin route already, as every harvester write).
        new("/api/harvest/replays/{**remainder}", "GET"),
        new("/api/lineage/replays/{**remainder}", "GET", "POST"),
        new("/api/access/replays/{**remainder}", "GET", "POST"),
    ];

    public static bool IsAdmin(string method, PathString path) => All.Any(r => r.Matches(method, path));
}
