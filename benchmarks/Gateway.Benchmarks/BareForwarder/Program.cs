using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Yarp.ReverseProxy.Forwarder;

// The gateway's /api/lineage route with nothing else: Kestrel on HTTP/1.1, YARP's direct forwarder, one shared
// client. No auth, rate limit, timeout, CORS, correlation id, telemetry or health checks, so whatever it costs
// per request no configuration of the gateway can go below.
//
//   --urls http://127.0.0.1:5910 --Destination http://127.0.0.1:5900/ [--HttpVersion 2]
//
// HttpVersion 2 talks HTTP/2 with prior knowledge (h2c), so Destination must be an HTTP/2-only endpoint.

// As in the gateway (Gateway:InlineSocketCompletions): the runtime reads this once, at the first socket operation.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http1);
});
builder.Services.AddHttpForwarder();

var destination = builder.Configuration["Destination"];
if (!Uri.TryCreate(destination, UriKind.Absolute, out _))
    throw new InvalidOperationException($"Destination: '{destination}' is not the backend's absolute base address.");
var requestConfig = builder.Configuration["HttpVersion"] switch
{
    null or "1.1" => new ForwarderRequestConfig { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower },
    "2" => new ForwarderRequestConfig { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact },
    var other => throw new InvalidOperationException($"HttpVersion: '{other}' is neither 1.1 nor 2."),
};

// The settings YARP's own client factory uses, and no trace headers: nothing is listening for activities.
var client = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseProxy = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
    EnableMultipleHttp2Connections = true,
    ActivityHeadersPropagator = null,
    ConnectTimeout = TimeSpan.FromSeconds(15),
});

var app = builder.Build();
app.MapForwarder("/api/lineage/{**rest}", destination, requestConfig, new PrefixRemover("/api/lineage"), client);
app.Run();

/// <summary>YARP's default request transform (headers copied, no X-Forwarded-*), with the route's prefix taken off the path.</summary>
sealed class PrefixRemover(PathString prefix) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        httpContext.Request.Path.StartsWithSegments(prefix, out var rest);
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, rest, httpContext.Request.QueryString);
    }
}
