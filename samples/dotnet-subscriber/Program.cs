using MassTransit;
using OpenAccess.Contracts;

// A subscriber of OpenAccess's events: a queue of its own (never one of the services'), bound by MassTransit to the
// exchanges of ModelDiscovered and AccessProfileUpdated. RABBITMQ: the broker, QUEUE: the queue's name.
var broker = new Uri(Environment.GetEnvironmentVariable("RABBITMQ") ?? "amqp://guest:guest@localhost:5672/");
var queue = Environment.GetEnvironmentVariable("QUEUE") ?? "sample-dotnet-subscriber";

var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
{
    cfg.Host(broker);
    cfg.ReceiveEndpoint(queue, e =>
    {
        // Every event comes again after a redelivery or a replay, with the same message id: handle it idempotently.
        e.Handler<ModelDiscovered>(c => Say($"ModelDiscovered {c.Message.Id} parents={string.Join(",", c.Message.BaseModels.Select(b => $"{b.Relation}:{b.Id}"))} message={c.MessageId}"));
        e.Handler<AccessProfileUpdated>(c => Say($"AccessProfileUpdated {c.Message.ModelId} h100={c.Message.MinimumH100} message={c.MessageId}"));
    });
});

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
await bus.StartAsync(stop.Token);
Say($"listening on {queue}");
try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
await bus.StopAsync();

static Task Say(string line) { Console.WriteLine(line); return Task.CompletedTask; }
