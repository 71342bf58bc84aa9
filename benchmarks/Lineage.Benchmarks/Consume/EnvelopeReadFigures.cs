using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit;
using MassTransit.Serialization;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Publishing;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Messaging.Envelope;

namespace OpenAccess.Lineage.Benchmarks.Consume;

/// <summary>
/// What reading a received <see cref="ModelsDiscovered"/> of 100 real-shaped models costs, side by side in one process: MassTransit's
/// deserializer (the envelope parsed into a document, the message deserialized from it), <see cref="ReadOnceJsonDeserializer"/>,
/// and, as the floor, <c>JsonSerializer.Deserialize</c> of the message's bytes alone. Each way is given the bodies the Harvester
/// publishes (its envelope writer, byte for byte MassTransit's) as RabbitMQ hands them over, and asked what a consumer asks: the
/// message id and the message. The ways take turns, round by round, so a busy machine weighs on each alike.
/// </summary>
public static class EnvelopeReadFigures
{
    const int ModelsPerMessage = 100, Bodies = 20;

    public static void Run(int rounds)
    {
        // The bus's settings (BusExtensions.ConfigureJson): set before MassTransit's options are first used, as the bus sets them.
        SystemTextJsonMessageSerializer.Options.WriteIndented = false;
        SystemTextJsonMessageSerializer.Options.Converters.Add(new JsonStringEnumConverter());
        var options = SystemTextJsonMessageSerializer.Options;

        var models = SeedEvents.Load(SeedEvents.FindSeed(), ModelsPerMessage * Bodies);
        var source = new Uri("rabbitmq://localhost/vm_harvester_bus");
        var destination = new Uri("rabbitmq://localhost/OpenAccess.Contracts:ModelsDiscovered");
        var bodies = models.Chunk(ModelsPerMessage)
            .Select(chunk => new ModelsDiscovered { Models = [.. chunk.Select(m => new DiscoveredModel(MessageIds.From(nameof(ModelDiscovered), m.Id, m.Sha ?? ""), m))] })
            .Select(m => MassTransitEnvelope.Serialize(MessageIds.From(nameof(ModelsDiscovered), m.Models[0].MessageId.ToString()), m, source, destination))
            .ToArray();
        var messages = bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("message").GetRawText()).Select(System.Text.Encoding.UTF8.GetBytes).ToArray();

        var massTransit = SystemTextJsonMessageSerializer.Instance;
        var readOnce = new ReadOnceJsonDeserializer();
        var ways = new (string Name, Func<int, ModelsDiscovered> Read)[]
        {
            ("MassTransit's SystemTextJsonMessageSerializer", i => Receive(massTransit, bodies[i])),
            ("ReadOnceJsonDeserializer (batch-event endpoints)", i => Receive(readOnce, bodies[i])),
            ("JsonSerializer.Deserialize of the message bytes (floor)", i => JsonSerializer.Deserialize<ModelsDiscovered>(messages[i], options)!),
        };

        // Each way reads the same: the same JSON back out of every body.
        for (var i = 0; i < Bodies; i++)
        {
            var expected = JsonSerializer.Serialize(ways[^1].Read(i), options);
            foreach (var (name, read) in ways)
            {
                if (JsonSerializer.Serialize(read(i), options) != expected) throw new InvalidOperationException($"{name} read body {i} differently");
            }
        }

        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"{Bodies} bodies of {ModelsPerMessage} models, {bodies.Average(b => b.Length) / 1024:F0} KiB each on average (message alone {messages.Average(m => m.Length) / 1024:F0} KiB); {rounds} rounds, each way reading every body once a round");
        var times = ways.Select(_ => new List<double>()).ToArray();
        var allocated = new long[ways.Length];
        for (var round = -rounds / 5 - 2; round < rounds; round++) // the first rounds warm the code up and are not counted
        {
            for (var w = 0; w < ways.Length; w++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < Bodies; i++) ways[w].Read(i);
                var elapsed = clock.Elapsed.TotalMicroseconds / Bodies;
                if (round < 0) continue;
                times[w].Add(elapsed);
                allocated[w] += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }

        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine();
        // The best round is the one least disturbed by the machine's other work; the median, what a busy machine gives.
        Console.WriteLine("| way | µs a message, best round | median round | µs a model, best round | allocated a message |");
        Console.WriteLine("|---|---|---|---|---|");
        for (var w = 0; w < ways.Length; w++)
        {
            var median = times[w].Order().ElementAt(times[w].Count / 2);
            var best = times[w].Min();
            Console.WriteLine($"| {ways[w].Name} | {best:F0} | {median:F0} | {best / ModelsPerMessage:F1} | {allocated[w] / (double)(rounds * Bodies) / 1024:F0} KiB |");
        }
    }

    /// <summary>As a receive endpoint reads a body: the serializer context, the message id, then the message for its consumer.</summary>
    static ModelsDiscovered Receive(IMessageDeserializer deserializer, byte[] body)
    {
        var context = deserializer.Deserialize(new MemoryMessageBody(body), EmptyHeaders.Instance);
        _ = context.MessageId ?? throw new InvalidOperationException("no message id");
        return context.TryGetMessage<ModelsDiscovered>(out var message) ? message! : throw new InvalidOperationException("not a ModelsDiscovered");
    }
}
