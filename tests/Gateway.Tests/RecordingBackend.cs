using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace OpenAccess.Gateway.Tests;

/// <summary>A real HTTP backend on a loopback port that answers every request with what it received, and records it.</summary>
public sealed class RecordingBackend : IAsyncDisposable
{
    readonly WebApplication app;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>The protocol of each health probe received (the gateway's active health checks).</summary>
    public ConcurrentQueue<string> Probes { get; } = new();

    RecordingBackend(WebApplication app) => this.app = app;

    public Uri Address => new(app.Urls.First() + "/");

    /// <param name="name">What the backend calls itself in its answers.</param>
    /// <param name="protocols"><see cref="HttpProtocols.Http2"/> alone listens as the services do for the gateway: cleartext HTTP/2, prior knowledge.</param>
    public static async Task<RecordingBackend> StartAsync(string name, HttpProtocols protocols = HttpProtocols.Http1AndHttp2)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = protocols));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var backend = new RecordingBackend(app);
        app.Run(async context =>
        {
            if (context.Request.Path.StartsWithSegments("/health"))
                backend.Probes.Enqueue(context.Request.Protocol);
            else
                backend.Requests.Enqueue(new(context.Request.Method, context.Request.Path + context.Request.QueryString,
                    context.Request.Headers["X-Correlation-ID"], context.Request.Protocol, context.Request.Headers["traceparent"],
                    context.Request.Headers.Where(h => h.Key.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase))
                        .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await context.Response.WriteAsJsonAsync(new { backend = name, path = context.Request.Path.Value, method = context.Request.Method });
        });
        await app.StartAsync();
        return backend;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}

/// <summary>One request as the backend received it; <paramref name="Forwarded"/> holds its <c>X-Forwarded-*</c> headers by name.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, string? CorrelationId, string Protocol, string? TraceParent,
    IReadOnlyDictionary<string, string> Forwarded);
