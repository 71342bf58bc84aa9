using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenAccess.Dashboard.Tests.Infrastructure;

/// <summary>
/// A minimal Chrome DevTools Protocol client over one WebSocket to the browser: commands by id (optionally to
/// a page session), events passed to a handler. Enough to drive a headless Chromium without a Node toolchain.
/// </summary>
public sealed class Cdp : IAsyncDisposable
{
    readonly ClientWebSocket socket = new();
    readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> pending = new();
    readonly CancellationTokenSource stop = new();
    int nextId;
    Task? reader;

    public event Action<string, string?, JsonObject>? Event;

    public static async Task<Cdp> ConnectAsync(Uri browserEndpoint)
    {
        var cdp = new Cdp();
        cdp.socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await cdp.socket.ConnectAsync(browserEndpoint, CancellationToken.None);
        cdp.reader = Task.Run(cdp.ReadLoop);
        return cdp;
    }

    public async Task<JsonObject> SendAsync(string method, object? parameters = null, string? sessionId = null, int timeoutSeconds = 60)
    {
        var id = Interlocked.Increment(ref nextId);
        var done = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = done;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = JsonSerializer.SerializeToNode(parameters ?? new { }) };
        if (sessionId is not null) message["sessionId"] = sessionId;
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        lock (socket)
        {
            socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None).GetAwaiter().GetResult();
        }
        var answer = await done.Task.WaitAsync(TimeSpan.FromSeconds(timeoutSeconds));
        if (answer["error"] is JsonObject error)
            throw new InvalidOperationException($"DevTools {method} failed: {error["message"]}");
        return answer["result"]?.AsObject() ?? [];
    }

    async Task ReadLoop()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var node = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (node["id"] is { } id && pending.TryRemove(id.GetValue<int>(), out var done))
                    done.TrySetResult(node);
                else if (node["method"] is { } method)
                    Event?.Invoke(method.GetValue<string>(), node["sessionId"]?.GetValue<string>(), node["params"]?.AsObject() ?? []);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        foreach (var p in pending.Values) p.TrySetException(new InvalidOperationException("The browser connection closed."));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException)
        {
        }
        if (reader is not null) await reader.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { });
        socket.Dispose();
        stop.Dispose();
    }
}
