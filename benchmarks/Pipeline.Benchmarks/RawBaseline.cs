using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Storage;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>
/// The bare minimum of a consumer: RabbitMQ.Client reads the queue with the services' prefetch for it, one message at a time;
/// each body (MassTransit's envelope, as the harvester published it) is parsed, its <c>message</c> deserialized to
/// <see cref="ModelsDiscovered"/>, its models mapped to the store's documents and upserted with <see cref="SqliteDocumentCollection{T}"/>
/// (one transaction a message, as the services' stores do), then acknowledged. No graph, no profile, no read before the
/// write, no retry filter, no scope, no telemetry: what is left of a service's cost is MassTransit and its consumer logic.
/// </summary>
public static class RawBaseline
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The Lineage consumer's write: <see cref="StoredModel"/> into <c>models</c>, keyed by its parents.</summary>
    public static Func<IReadOnlyList<ModelDiscovered>, Task> LineageStore(string databasePath)
    {
        var models = new SqliteDocumentCollection<StoredModel>(new SqliteDatabase(databasePath), "models", StoredModel.ParentKeys);
        return batch => models.UpsertManyAsync([.. batch.Select(m => (m.Id, StoredModel.From(m, null)))], CancellationToken.None);
    }

    /// <summary>The Evaluator consumer's write of what the message carries: <see cref="ModelResources"/> into <c>models</c>.</summary>
    public static Func<IReadOnlyList<ModelDiscovered>, Task> EvaluatorStore(string databasePath)
    {
        var models = new SqliteDocumentCollection<ModelResources>(new SqliteDatabase(databasePath), "models");
        return batch => models.UpsertManyAsync([.. batch.Select(m => (m.Id, ModelResources.From(m)))], CancellationToken.None);
    }

    /// <summary>Consumes messages from <paramref name="queue"/> into <paramref name="store"/> until <paramref name="expected"/> models came; the wall time it took.</summary>
    public static async Task<TimeSpan> DrainAsync(IConnection connection, string queue, ushort prefetch, long expected, Func<IReadOnlyList<ModelDiscovered>, Task> store, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.BasicQosAsync(0, prefetch, false, cancellationToken);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long consumed = 0;
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            try
            {
                using var envelope = JsonDocument.Parse(delivery.Body);
                var message = envelope.RootElement.GetProperty("message").Deserialize<ModelsDiscovered>(Json)!;
                await store([.. message.Models.Select(m => m.Model)]);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                if ((consumed += message.Models.Count) == expected) done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        };

        var clock = Stopwatch.StartNew();
        var tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
        await using (cancellationToken.Register(() => done.TrySetCanceled(cancellationToken)))
        {
            await done.Task;
        }

        var elapsed = clock.Elapsed;
        await channel.BasicCancelAsync(tag, cancellationToken: CancellationToken.None);
        return elapsed;
    }
}
