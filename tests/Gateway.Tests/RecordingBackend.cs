using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenAccess.Gateway.Tests;

/// <summary>A real HTTP backend on a loopback port that answers every request with what it received, and records it.</summary>
public sealed class RecordingBackend : IAsyncDisposable
{
    readonly WebApplication app;

    public ConcurrentQueue<(string Method, string PathAndQuery, string? CorrelationId)> Requests { get; } = new();

    RecordingBackend(WebApplication app) => this.app = app;

    public Uri Address => new(app.Urls.First() + "/");

    public static async Task<RecordingBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var backend = new RecordingBackend(app);
        app.Run(async context =>
        {
            if (!context.Request.Path.StartsWithSegments("/health"))
                backend.Requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers["X-Correlation-ID"]));
            await context.Response.WriteAsJsonAsync(new { backend = name, path = context.Request.Path.Value, method = context.Request.Method });
        });
        await app.StartAsync();
        return backend;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
