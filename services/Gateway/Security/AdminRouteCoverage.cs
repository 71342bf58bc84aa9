using OpenAccess.ServiceDefaults.Security;

namespace OpenAccess.Gateway.Security;

/// <summary>
/// The routes come from configuration, which a deployment may override; start-up fails unless every route of
/// <see cref="AdminRoutes"/> has a route of its own with the admin policy, the same path and methods, no further
/// conditions, and an order before every other route (which would otherwise forward the request unguarded).
/// </summary>
public static class AdminRouteCoverage
{
    sealed record ConfiguredRoute(string Name, string? Path, HashSet<string> Methods, int Order, bool Admin, bool Conditional);

    public static void Check(IConfigurationSection routes)
    {
        var configured = routes.GetChildren().Select(r => new ConfiguredRoute(
            r.Key,
            r["Match:Path"],
            r.GetSection("Match:Methods").GetChildren().Select(m => m.Value ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase),
            r.GetValue<int?>("Order") ?? 0,
            string.Equals(r["AuthorizationPolicy"], ApiKeyAuthenticationHandler.AdminPolicy, StringComparison.OrdinalIgnoreCase),
            new[] { "Hosts", "Headers", "QueryParameters" }.Any(c => r.GetSection($"Match:{c}").Exists()))).ToList();
        var firstOther = configured.Where(r => !r.Admin).Select(r => r.Order).DefaultIfEmpty(int.MaxValue).Min();

        var guards = AdminRoutes.All.Select(admin => configured.FirstOrDefault(r => r.Admin
                && string.Equals(r.Path, admin.Path, StringComparison.OrdinalIgnoreCase) && r.Methods.SetEquals(admin.Methods))
            ?? throw new InvalidOperationException(
                $"ReverseProxy:Routes: no route with \"AuthorizationPolicy\": \"admin\" matches {admin} (Match:Path and Match:Methods exactly); " +
                "every admin route must be guarded. See services/Gateway/appsettings.json.")).ToList();
        foreach (var guard in guards)
        {
            if (guard.Conditional)
                throw new InvalidOperationException($"ReverseProxy:Routes:{guard.Name}: an admin route must not match on hosts, headers or query parameters, or a request that fails them goes unguarded.");
            if (guard.Order >= firstOther)
                throw new InvalidOperationException($"ReverseProxy:Routes:{guard.Name}: Order must be lower than every other route's ({firstOther}), or another route forwards its requests unguarded.");
        }
    }
}
