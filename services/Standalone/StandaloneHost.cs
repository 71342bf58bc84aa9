using OpenAccess.Evaluator.Apis;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Fitting.Apis;
using OpenAccess.Fitting.Extensions;
using OpenAccess.Gateway.Extensions;
using OpenAccess.Harvester.Apis;
using OpenAccess.Harvester.Extensions;
using OpenAccess.Harvester.Importing;
using OpenAccess.Lineage.Apis;
using OpenAccess.Lineage.Extensions;
using OpenAccess.ServiceDefaults;
using OpenAccess.ServiceDefaults.Events;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Security;
using OpenAccess.Standalone.Security;

namespace OpenAccess.Standalone;

/// <summary>
/// Every service in one process: in-memory bus, one SQLite file per service, each service's API under
/// the same <c>/api/&lt;service&gt;</c> prefix the gateway gives it in a deployment.
/// </summary>
public static class StandaloneHost
{
    public const string DefaultUrl = "http://localhost:8080";
    /// <summary>Lets the host listen beyond loopback without an admin key: anyone who reaches it may then start runs.</summary>
    public const string AllowUnauthenticatedAdmin = "OpenAccess:AllowUnauthenticatedAdmin";
    public const string SeedSnapshot = "Seed/hub-model-trees-2025-04.jsonl.gz";
    public const string SeedLeaderboardV2 = "Seed/open_llm_leaderboard_v2_2025-02.csv.gz";
    public const string SeedLeaderboardV1 = "Seed/open_llm_leaderboard_v1_final_half.csv.gz";
    /// <summary>Copies of the snapshot's family roots' config.json, with their sources (Seed/configs/README.md).</summary>
    public const string SeedConfigs = "Seed/configs";

    /// <summary>
    /// The bundled data imported at the first start (Seed/README.md): the Hub snapshot first, the roots' config.json copies (taken
    /// when the snapshot's run names its roots), then the leaderboard tables.
    /// </summary>
    public const string SeedFiles = SeedSnapshot + ";" + SeedConfigs + ";" + SeedLeaderboardV2 + ";" + SeedLeaderboardV1;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var (rest, imports) = ImportArguments.Extract(args);
        // Content root is the application folder, so appsettings.json and the seed are found from any working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = rest, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [BusExtensions.InMemoryKey] = "true",
            ["OpenAccess:Harvester:Seed"] = builder.Configuration["OpenAccess:Harvester:Seed"] ?? SeedFiles,
        });
        builder.Configuration.AddInMemoryCollection(imports);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        configure?.Invoke(builder);
        var adminKey = GuardAdminRoutes(builder);
        builder.AddServiceDefaults("standalone");
        builder.AddHarvester();
        builder.AddLineage();
        builder.AddFitting();
        builder.AddEvaluator();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (adminKey.IsConfigured)
        {
            app.UseAdminGuard();
        }

        app.MapDefaultEndpoints();
        app.MapDashboard();
        app.MapHarvesterApi("/api/harvest");
        app.MapLineageApi("/api/lineage");
        app.MapFittingApi("/api/fitting");
        app.MapEvaluatorApi("/api/access");
        app.MapApiReference(new ApiDocument("openaccess", "OpenAccess (all services)", "/openapi/v1.json"));
        app.MapAsyncApi();
        return app;
    }

    /// <summary>
    /// With <c>Gateway:AdminApiKeySha256</c>, the gateway's admin routes need the key here too. Without it they are open,
    /// which is safe only on loopback: listening anywhere else then needs <see cref="AllowUnauthenticatedAdmin"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A reachable address without a key, naming both settings.</exception>
    static AdminApiKey GuardAdminRoutes(WebApplicationBuilder builder)
    {
        var key = AdminApiKey.From(builder.Configuration[AdminApiKey.Setting]);
        if (key.IsConfigured)
        {
            builder.Services.AddAdminApiKey(key);
            return key;
        }

        var reachable = ListenAddresses.Reachable(builder.Configuration);
        if (reachable.Count > 0 && !builder.Configuration.GetValue<bool>(AllowUnauthenticatedAdmin))
        {
            throw new ArgumentException(
                $"refusing to listen on {string.Join(", ", reachable)} without an admin key: anyone who reaches it could start and cancel runs and read " +
                $"the quarantine. Set {AdminApiKey.Setting} to the SHA-256 of a key (printf %s \"$KEY\" | sha256sum), which admin " +
                $"requests then send as {ApiKeyAuthenticationHandler.Header}; or listen on localhost only; or allow it explicitly with --{AllowUnauthenticatedAdmin}=true.");
        }

        return key;
    }
}
