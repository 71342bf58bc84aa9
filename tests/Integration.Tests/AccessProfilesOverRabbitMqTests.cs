using System.Collections.Concurrent;
using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Integration.Tests.Infrastructure;
using OpenAccess.ServiceDefaults.Messaging;
using EvaluatorMarker = OpenAccess.Evaluator.Consumers.ModelsDiscoveredConsumer;

namespace OpenAccess.Integration.Tests;

/// <summary>The Evaluator's own Program on a real RabbitMQ broker, watched by a subscriber of <see cref="AccessProfileUpdated"/> on the same virtual host.</summary>
public sealed class AccessProfilesOverRabbitMqTests(RabbitMqTestBroker broker) : IClassFixture<RabbitMqTestBroker>, IDisposable
{
    const string ObserverQueue = "test-access-profile-observer";
    readonly string data = Directory.CreateTempSubdirectory("openaccess-access-profiles-").FullName;

    // The published values of meta-llama/Llama-3.1-8B's config.json.
    static readonly ModelDiscovered Llama8B = new()
    {
        Id = "meta-llama/Llama-3.1-8B",
        Author = "meta-llama",
        Sha = "rev-1",
        LastModified = new DateTimeOffset(2024, 7, 23, 0, 0, 0, TimeSpan.Zero),
        ParameterCount = 8_030_261_248,
        ModelType = "llama",
        License = "llama3.1",
        Gated = true,
        PipelineTag = "text-generation",
        Config = new ModelConfigSummary
        {
            NumHiddenLayers = 32, NumAttentionHeads = 32, NumKeyValueHeads = 8, HeadDim = 128, HiddenSize = 4096,
            IntermediateSize = 14336, VocabSize = 128256, MaxPositionEmbeddings = 131072, TieWordEmbeddings = false,
            RopeScalingFactor = 8.0, RopeScalingOriginalMaxPositionEmbeddings = 8192, TorchDtype = "bfloat16",
        },
    };

    [Fact]
    public async Task A_discovered_model_gets_one_AccessProfileUpdated_and_its_duplicate_none()
    {
        using var evaluator = new ServiceFactory<EvaluatorMarker>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = broker.ConnectionString,
            ["OpenAccess:DataDirectory"] = data,
        });
        var received = new ConcurrentQueue<ConsumeContext<AccessProfileUpdated>>();
        var subscriber = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(broker.ConnectionString));
            cfg.ReceiveEndpoint(ObserverQueue, e => e.Handler<AccessProfileUpdated>(context =>
            {
                received.Enqueue(context);
                return Task.CompletedTask;
            }));
        });
        await subscriber.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var messageId = MessageIds.From(nameof(ModelsDiscovered), Llama8B.Id, Llama8B.Sha);
            var discovered = new ModelsDiscovered { Models = [new DiscoveredModel(MessageIds.From(nameof(ModelDiscovered), Llama8B.Id, Llama8B.Sha), Llama8B)] };
            await subscriber.Publish(discovered, c => c.MessageId = messageId, TestContext.Current.CancellationToken);

            await Eventually.Get(() => Task.FromResult(received.Count), n => n > 0, "AccessProfileUpdated for Llama-3.1-8B");
            var updated = Assert.Single(received).Message;
            Assert.Equal(("meta-llama/Llama-3.1-8B", "rev-1", 8_030_261_248L, "safetensors"), (updated.ModelId, updated.Revision, updated.ParameterCount, updated.ParameterSource));
            // 32 layers · 8 KV heads · 128 · 2 (K and V) · 2 B; BF16 weights 2 B a parameter, ×1.2 = 19.27 GB on one H100.
            Assert.Equal((131_072L, 16_060_522_496L, 1), (updated.KvCacheBytesPerToken, updated.WeightsBytesBf16, updated.MinimumH100));
            Assert.Equal(("restricted", true, 131_072), (updated.LicenseClass, updated.Gated, updated.ContextLength));

            await subscriber.Publish(discovered, c => c.MessageId = messageId, TestContext.Current.CancellationToken);
            // Depth counts unacknowledged messages too: zero on both queues means the duplicate was consumed and anything it published was delivered.
            await Eventually.Get(broker.QueueDepthsAsync,
                q => q.GetValueOrDefault("evaluator-models-discovered", -1) == 0 && q.GetValueOrDefault(ObserverQueue, -1) == 0, "the duplicate to be consumed");

            Assert.Single(received);
            var queues = await broker.QueueDepthsAsync();
            Assert.All(queues.Where(q => q.Key.EndsWith("_error")), q => Assert.Equal(0, q.Value));
        }
        finally
        {
            await subscriber.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose() => Directory.Delete(data, recursive: true);
}
