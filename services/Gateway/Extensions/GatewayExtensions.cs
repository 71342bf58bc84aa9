namespace OpenAccess.Gateway.Extensions;

public static class GatewayExtensions
{
    public const string ServiceName = "gateway";

    /// <summary>YARP with routes and clusters from the <c>ReverseProxy</c> section; destinations are overridden per environment, e.g. <c>ReverseProxy__Clusters__lineage__Destinations__primary__Address</c>.</summary>
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
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Services.AddReverseProxy().LoadFromConfig(section);
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapReverseProxy();
        return app;
    }
}
