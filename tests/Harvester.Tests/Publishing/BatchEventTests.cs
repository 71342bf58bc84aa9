using OpenAccess.Contracts;
using OpenAccess.Harvester.Publishing;

namespace OpenAccess.Harvester.Tests.Publishing;

/// <summary>How a publish batch is cut into ModelsDiscovered: in order, by count and by the bytes of the source records.</summary>
public sealed class BatchEventTests
{
    static List<OutgoingEvent<ModelDiscovered>> Models(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new OutgoingEvent<ModelDiscovered>(Guid.CreateVersion7(), new ModelDiscovered { Id = $"a/m{i}", Author = "a" }))];

    [Fact]
    public void A_batch_is_cut_at_the_model_limit_keeping_order_and_each_models_message_id()
    {
        var models = Models(250);

        var batches = ModelBatchWriter.BatchEvents(models, [.. models.Select(_ => 1_000)], new PublishOptions { ModelsPerBatchEvent = 100 });

        Assert.Equal([100, 100, 50], batches.Select(b => b.Message.Models.Count));
        Assert.Equal(models.Select(m => (m.MessageId, m.Message)), batches.SelectMany(b => b.Message.Models).Select(m => (m.MessageId, m.Model)));
    }

    [Fact]
    public void A_batch_is_cut_before_its_records_pass_the_byte_limit_and_a_record_past_it_goes_alone()
    {
        var models = Models(5);

        var batches = ModelBatchWriter.BatchEvents(models, [1_000, 2_000, 10_000, 500, 500], new PublishOptions { ModelsPerBatchEventBytes = 3_000 });

        Assert.Equal([["a/m0", "a/m1"], ["a/m2"], ["a/m3", "a/m4"]], batches.Select(b => b.Message.Models.Select(m => m.Model.Id).ToArray()));
    }

    [Fact]
    public void The_same_models_give_the_same_message_id_and_other_models_another()
    {
        var models = Models(3);
        var sizes = new[] { 1, 1, 1 };

        var once = ModelBatchWriter.BatchEvents(models, sizes, new PublishOptions());
        var again = ModelBatchWriter.BatchEvents(models, sizes, new PublishOptions());
        var other = ModelBatchWriter.BatchEvents(models[..2], sizes[..2], new PublishOptions());

        Assert.Equal(once.Single().MessageId, again.Single().MessageId);
        Assert.NotEqual(once.Single().MessageId, other.Single().MessageId);
    }
}
