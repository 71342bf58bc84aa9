using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenAccess.Harvester.Tests.Infrastructure;

/// <summary>A local stand-in for huggingface.co on 127.0.0.1: each request goes to the test's handler, and every request is recorded.</summary>
public sealed class ReplayServer : IAsyncDisposable
{
    readonly WebApplication app;

    public sealed record Request(string PathAndQuery, string? Authorization, DateTimeOffset At);

    public List<Request> Requests { get; } = [];
    public Uri Address { get; }

    ReplayServer(WebApplication app)
    {
        this.app = app;
        Address = new Uri(app.Urls.First() + "/");
    }

    public static async Task<ReplayServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ReplayServer? server = null;
        app.Run(async context =>
        {
            lock (server!.Requests)
            {
                server.Requests.Add(new Request(context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.FirstOrDefault(), DateTimeOffset.UtcNow));
            }

            await handler(context);
        });
        await app.StartAsync();
        server = new ReplayServer(app);
        return server;
    }

    public int Count(Func<Request, bool> which)
    {
        lock (Requests) return Requests.Count(which);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
