using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAccess.ServiceDefaults.Events;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OpenAccess.EventContracts;

/// <summary>
/// Captures one real delivery of each event for the AsyncAPI document: starts the Standalone host (its Release build) on a
/// RabbitMQ virtual host of its own with the bundled snapshot and the bundled v2 leaderboard table, binds a queue of its own
/// to every event exchange, as a subscriber would, and keeps, per event, the delivery about <see cref="Subject"/> (the
/// latest one for the coalesced events), headers and body as received. Needs the local broker and rabbitmqctl (root).
/// </summary>
public sealed class ExampleCapture(string repository, Uri broker)
{
    /// <summary>The model and family the examples are about: a base model of the bundled snapshot with derivatives in it.</summary>
    public const string Subject = "microsoft/phi-2";

    const string Seed = "services/Standalone/Seed/hub-model-trees-2025-04.jsonl.gz";
    /// <summary>The bundled config.json copies: the subject's root is among them, so its ModelDiscovered shows a harvested file.</summary>
    const string SeedConfigs = "services/Standalone/Seed/configs";
    const string Leaderboard = "tests/Harvester.Tests/Fixtures/leaderboard/v2/open_llm_leaderboard_v2_2025-02.csv";
    /// <summary>
    /// Models a ModelsDiscovered of the capture carries: a batch of the default 100 would make its example 150 KB of the
    /// document for what three show as well. The example's source says so.
    /// </summary>
    const int ModelsPerBatchEvent = 3;
    static readonly TimeSpan Quiet = TimeSpan.FromSeconds(15);
    static readonly TimeSpan Deadline = TimeSpan.FromMinutes(8);

    public async Task<int> RunAsync(string folder)
    {
        var host = Path.Combine(repository, "artifacts/bin/Standalone/release/OpenAccess.Standalone.dll");
        if (!File.Exists(host))
        {
            Console.Error.WriteLine($"{host} is missing: run `dotnet build services/Standalone -c Release` first.");
            return 2;
        }

        var vhost = $"openaccess-examples-{Guid.NewGuid():N}"[..32];
        await RabbitMqCtl("add_vhost", vhost);
        var data = Directory.CreateTempSubdirectory("openaccess-examples-").FullName;
        Process? standalone = null;
        try
        {
            await RabbitMqCtl("set_permissions", "-p", vhost, broker.UserInfo.Split(':')[0], ".*", ".*", ".*");
            var uri = new UriBuilder(broker) { Path = "/" + vhost }.Uri;
            await using var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            var queue = (await channel.QueueDeclareAsync("openaccess-examples", durable: false, exclusive: true, autoDelete: true)).QueueName;
            var exchanges = new Dictionary<string, Type>();
            foreach (var type in ContractSchemas.Events)
            {
                var exchange = EventTopology.ExchangeOf(type);
                await channel.ExchangeDeclareAsync(exchange.Name, exchange.Type, exchange.Durable, exchange.AutoDelete);
                await channel.QueueBindAsync(queue, exchange.Name, "");
                exchanges[exchange.Name] = type;
            }

            var kept = new Dictionary<Type, (JsonObject Example, long Rank)>();
            var last = Stopwatch.StartNew();
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                lock (kept)
                {
                    last.Restart();
                    var type = exchanges[delivery.Exchange];
                    var envelope = JsonNode.Parse(delivery.Body.Span)!.AsObject();
                    if (Rank(type, envelope["message"]!) is { } rank && (!kept.TryGetValue(type, out var had) || rank >= had.Rank))
                    {
                        kept[type] = (Example(type, delivery, envelope), rank);
                    }
                }

                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue, autoAck: true, consumer);

            var start = new ProcessStartInfo(Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath : "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in (string[])[host, "--urls", "http://127.0.0.1:0", $"--OpenAccess:DataDirectory={data}",
                         $"--ConnectionStrings:rabbitmq={uri}", $"--OpenAccess:Harvester:Seed={Path.Combine(repository, Seed)};{Path.Combine(repository, SeedConfigs)}",
                         "--import", Path.Combine(repository, Leaderboard), "--Logging:LogLevel:Default=Warning",
                         $"--OpenAccess:Harvester:Publish:ModelsPerBatchEvent={ModelsPerBatchEvent}"])
            {
                start.ArgumentList.Add(argument);
            }

            standalone = Process.Start(start)!;
            standalone.OutputDataReceived += (_, _) => { };
            standalone.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"standalone: {e.Data}"); };
            standalone.BeginOutputReadLine();
            standalone.BeginErrorReadLine();

            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < Deadline && !standalone.HasExited)
            {
                await Task.Delay(1000);
                lock (kept)
                {
                    if (kept.Count == ContractSchemas.Events.Count && last.Elapsed > Quiet) break;
                }
            }

            lock (kept)
            {
                var missing = ContractSchemas.Events.Where(t => !kept.ContainsKey(t)).Select(t => t.Name).ToList();
                if (missing.Count > 0)
                {
                    Console.Error.WriteLine($"No delivery of {string.Join(", ", missing)} within {Deadline.TotalMinutes} minutes; nothing written.");
                    return 1;
                }

                Directory.CreateDirectory(folder);
                foreach (var (type, (example, _)) in kept)
                {
                    var path = Path.Combine(folder, $"{type.Name}.json");
                    File.WriteAllText(path, ContractSchemas.Text(example));
                    Console.WriteLine($"wrote {path}");
                }
            }

            return 0;
        }
        finally
        {
            if (standalone is { HasExited: false })
            {
                standalone.Kill(entireProcessTree: true);
                await standalone.WaitForExitAsync();
            }

            await RabbitMqCtl("delete_vhost", vhost);
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// Whether a delivery is about the subject, and how late: the coalesced events are kept at their highest series version
    /// (the whole family), the progress reports at their highest count; the others at their first delivery.
    /// </summary>
    static long? Rank(Type type, JsonNode message) => type.Name switch
    {
        "ModelDiscovered" when (string?)message["id"] == Subject => 0,
        "ModelsDiscovered" when message["models"]!.AsArray().Any(m => (string?)m!["model"]!["id"] == Subject) => 0,
        "AccessProfileUpdated" when (string?)message["modelId"] == Subject => 0,
        "BenchmarkUpdated" when (string?)message["baseModel"] == Subject => 0, // a derivative of the subject: the v2 table has no row of it
        "FamilyAdoptionChanged" or "AdoptionForecastUpdated" when (string?)message["familyId"] == Subject => (long)message["seriesVersion"]!,
        "HarvestRunProgress" when (string?)message["consumer"] == "lineage-models-discovered" => (long)message["stored"]!,
        _ => null,
    };

    static JsonObject Example(Type type, BasicDeliverEventArgs delivery, JsonObject envelope)
    {
        var headers = new JsonObject();
        foreach (var (key, value) in delivery.BasicProperties.Headers ?? new Dictionary<string, object?>())
        {
            headers[key] = value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString();
        }

        return new JsonObject
        {
            ["source"] =
                $"One {type.Name} as a subscriber's queue received it from the exchange {delivery.Exchange} while the Standalone host imported " +
                $"the bundled snapshot ({Seed}), config.json copies ({SeedConfigs}) and v2 leaderboard table ({Leaderboard}) over RabbitMQ" +
                (type.Name == "ModelsDiscovered" ? $", with OpenAccess:Harvester:Publish:ModelsPerBatchEvent={ModelsPerBatchEvent} (100 by default) to keep it short" : "") +
                "; captured by " +
                "`dotnet run --project tools/EventContracts -c Release -- examples`. " +
                $"AMQP content-type {delivery.BasicProperties.ContentType}, message-id {delivery.BasicProperties.MessageId}, " +
                $"delivery mode {(int)delivery.BasicProperties.DeliveryMode}.",
            ["headers"] = headers,
            ["envelope"] = envelope,
        };
    }

    static async Task RabbitMqCtl(params string[] args)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.ArgumentList.Add("--quiet");
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} failed: {error}");
    }
}
