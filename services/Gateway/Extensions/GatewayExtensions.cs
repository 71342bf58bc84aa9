using Microsoft.AspNetCore.Http.Timeouts;
using OpenAccess.Gateway.Health;
using OpenAccess.Gateway.Middleware;
using OpenAccess.Gateway.Security;
using OpenAccess.ServiceDefaults;
using OpenAccess.ServiceDefaults.Events;
using OpenAccess.ServiceDefaults.Security;

namespace OpenAccess.Gateway.Extensions;

public static class GatewayExtensions
{
    public const string ServiceName = "gateway";
    public const string CorsPolicy = "dashboards";
    public const string ReadTimeoutPolicy = "reads";

    /// <summary>
    /// YARP with routes and clusters from the <c>ReverseProxy</c> section (destinations overridden per environment,
    /// e.g. <c>ReverseProxy__Clusters__lineage__Destinations__primary__Address</c>), API-key auth on admin routes,
    /// a rate limit per client on reads, CORS for dashboards elsewhere, and readiness that follows the backends.
    /// </summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("ReverseProxy");
        if (!section.GetSection("Routes").GetChildren().Any())
        {
            throw new InvalidOperationException("ReverseProxy:Routes is empty: the gateway has nothing to route. See services/Gateway/appsettings.json.");
        }

        var options = builder.Configuration.GetSection("Gateway").Get<GatewayOptions>() ?? new GatewayOptions();
        options.Validate();
        builder.Services.AddSingleton(options);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.AddServerHeader = false; // the backends' own Server header is passed through; no second one
        });

        if (options.InlineSocketCompletions)
        {
            // The runtime has no runtimeconfig switch for this: it reads the variable once, at the process's first
            // socket operation, which comes after this point (Kestrel and YARP open sockets only once the app runs).
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        }

        AdminRouteCoverage.Check(section.GetSection("Routes"));
        builder.Services.AddAdminApiKey(AdminApiKey.From(options.AdminApiKeySha256));
        builder.Services.AddClientRateLimiting(options);
        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, p => p
            .WithOrigins([.. options.CorsOrigins]).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders(CorrelationId.Header, "Retry-After")));
        builder.Services.AddRequestTimeouts(t => t.AddPolicy(ReadTimeoutPolicy, TimeSpan.FromSeconds(options.RequestTimeoutSeconds)));

        builder.Services.AddReverseProxy().LoadFromConfig(section);
        builder.Services.AddHealthChecks().AddCheck<BackendsHealthCheck>("backends", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseCorrelationId();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.MapReverseProxy();
        app.MapApiReference(ApiReference.ServiceDocuments);
        app.MapAsyncApi();
        return app;
    }
}
