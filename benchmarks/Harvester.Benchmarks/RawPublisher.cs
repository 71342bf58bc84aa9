using System.Buffers;
using System.Runtime.InteropServices;
using RabbitMQ.Client;

namespace OpenAccess.Harvester.Benchmarks;

/// <summary>The floor to compare with: RabbitMQ.Client alone publishing ready-made bodies, with publisher confirms, a window of them in flight.</summary>
public static class RawPublisher
{
    /// <summary>The messages split in <paramref name="channels"/> interleaved shares, each on a channel of its own with its own window.</summary>
    public static Task PublishAsync(IConnection connection, string exchange, IReadOnlyList<OutgoingMessage> messages, int inFlight, int channels) =>
        channels == 1
            ? PublishAsync(connection, exchange, messages, inFlight)
            : Task.WhenAll(Enumerable.Range(0, channels).Select(c => Task.Run(() =>
                PublishAsync(connection, exchange, messages.Where((_, i) => i % channels == c).ToList(), inFlight / channels))));

    public static async Task PublishAsync(IConnection connection, string exchange, IReadOnlyList<OutgoingMessage> messages, int inFlight)
    {
        var options = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: null);
        await using var channel = await connection.CreateChannelAsync(options);
        var window = new List<Task>(inFlight);
        foreach (var message in messages)
        {
            var properties = new BasicProperties
            {
                MessageId = message.MessageId.ToString(),
                ContentType = OutgoingMessage.ContentType,
                DeliveryMode = DeliveryModes.Persistent,
                Headers = new Dictionary<string, object?> { ["Content-Type"] = OutgoingMessage.ContentType },
            };
            window.Add(channel.BasicPublishAsync(exchange, string.Empty, mandatory: false, properties, message.Body).AsTask());
            if (window.Count == inFlight)
            {
                await Task.WhenAll(window);
                window.Clear();
            }
        }

        await Task.WhenAll(window);
    }
}

/// <summary>
/// A ready-made body and its message id. The bodies lie outside the garbage collector's heap (<see cref="BodyArena"/>) and the
/// ids are values: the process the import runs in then has the heap a harvester has. Kept as 6 million objects, 2,000,000
/// messages were marked by each full collection during the import (one took 3.2 s) and set how the collector paced itself
/// (docs/harvester.md).
/// </summary>
public readonly record struct OutgoingMessage(Guid MessageId, ReadOnlyMemory<byte> Body)
{
    public const string ContentType = "application/vnd.masstransit+json";
}

/// <summary>Copies bodies into native blocks of <see cref="ChunkSize"/> bytes, each filled before the next is made; they live as long as the process.</summary>
public sealed class BodyArena
{
    const int ChunkSize = 64 << 20;
    NativeChunk? chunk;
    int used;

    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> body)
    {
        if (chunk is null || chunk.Length - used < body.Length)
        {
            (chunk, used) = (new NativeChunk(Math.Max(ChunkSize, body.Length)), 0);
        }

        body.CopyTo(chunk.GetSpan()[used..]);
        used += body.Length;
        return chunk.Memory.Slice(used - body.Length, body.Length);
    }

    /// <summary>A block of native memory as <see cref="Memory{T}"/>; never freed.</summary>
    sealed unsafe class NativeChunk(int length) : MemoryManager<byte>
    {
        readonly byte* start = (byte*)NativeMemory.Alloc((nuint)length);

        public int Length => length;

        public override Span<byte> GetSpan() => new(start, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(start + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
