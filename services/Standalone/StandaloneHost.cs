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
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Standalone;

/// <summary>
/// Every service in one process: in-memory bus, one SQLite file per service, each service's API under
/// the same <c>/api/&lt;service&gt;</c> prefix the gateway gives it in a deployment.
/// </summary>
public static class StandaloneHost
{
    public const string DefaultUrl = "http://localhost:8080";
    public const string SeedSnapshot = "Seed/hub-model-trees-2025-04.jsonl.gz";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var (rest, imports) = ImportArguments.Extract(args);
        // Content root is the application folder, so appsettings.json and the seed are found from any working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = rest, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [BusExtensions.InMemoryKey] = "true",
            ["OpenAccess:Harvester:Seed"] = builder.Configuration["OpenAccess:Harvester:Seed"] ?? SeedSnapshot,
        });
        builder.Configuration.AddInMemoryCollection(imports);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        configure?.Invoke(builder);
        builder.AddServiceDefaults("standalone");
        builder.AddHarvester();
        builder.AddLineage();
        builder.AddFitting();
        builder.AddEvaluator();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDefaultEndpoints();
        app.MapDashboard();
        app.MapHarvesterApi("/api/harvest");
        app.MapLineageApi("/api/lineage");
        app.MapFittingApi("/api/fitting");
        app.MapEvaluatorApi("/api/access");
        app.MapApiReference(new ApiDocument("openaccess", "OpenAccess (all services)", "/openapi/v1.json"));
        return app;
    }
}
