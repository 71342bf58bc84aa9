using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Contracts;
using OpenAccess.ServiceDefaults.Messaging.Replay;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>
/// A derivative without a config of its own takes its nearest ancestor's shape, labelled with the ancestor, in the profile and
/// the what-if; one that arrived before its ancestor's shape is profiled again when the shape arrives; without any, the profile
/// says which root's config.json is missing and why.
/// </summary>
public sealed class ShapeInheritanceTests : EvaluatorApiTest
{
    const string Adapter = "someone/llama-3.1-8b-lora";
    const string Quantized = "someone/llama-3.1-8b-lora-merged-GGUF";

    /// <summary>A derivative as the Hub's model info gives it: a config summary without layers or heads, its parent in the tags.</summary>
    static ModelDiscovered Derivative(string id, string parent, BaseModelRelation relation) => new()
    {
        Id = id,
        Author = id.Split('/')[0],
        Sha = "rev-d",
        LastModified = new DateTimeOffset(2024, 8, 1, 0, 0, 0, TimeSpan.Zero),
        ModelType = "llama",
        BaseModels = [new BaseModelLink(parent, relation)],
        PipelineTag = "text-generation",
    };

    /// <summary>The root as the Hub's model info gives it (no layers or heads), before its config.json is fetched.</summary>
    static ModelDiscovered RootSummary(ConfigFileOutcome? file = null) => ModelEvents.Llama8B() with { Config = null, ConfigFile = file };

    /// <summary>What a replay of <c>AccessProfileUpdated</c> sends for the model.</summary>
    async Task<ReplayMessage> ReplayedAsync(string modelId)
    {
        var source = factory.Services.GetServices<IReplaySource>().Single(s => s.EventType == nameof(AccessProfileUpdated));
        return await source.ReadAsync(TestContext.Current.CancellationToken).SingleAsync(m => ((AccessProfileUpdated)m.Message).ModelId == modelId);
    }

    async Task<JsonElement> ProfileAsync(string id) => (await http.GetFromJsonAsync<JsonElement>($"/models/{id}")).GetProperty("profile");

    [Fact]
    public async Task Derivatives_that_came_first_take_the_roots_shape_when_its_config_json_arrives_labelled_with_the_root()
    {
        await factory.Bus.PublishModels(RootSummary());
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);
        await factory.Bus.PublishModels(Derivative(Adapter, ModelEvents.Llama8BId, BaseModelRelation.Adapter));
        await bus.HandledAsync(Adapter, 1);
        await factory.Bus.PublishModels(Derivative(Quantized, Adapter, BaseModelRelation.Quantized));
        await bus.HandledAsync(Quantized, 1);

        var before = await ProfileAsync(Quantized);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("kvCache").ValueKind);
        Assert.StartsWith($"no config.json harvested for {ModelEvents.Llama8BId}: not fetched", before.GetProperty("shapeGap").GetString());

        // The harvester publishes the root again with its config.json.
        await factory.Bus.PublishModels(ModelEvents.Llama8B() with { ConfigFile = new ConfigFileOutcome { Revision = "rev-1", Harvested = true } });
        await bus.HandledAsync(ModelEvents.Llama8BId, 2);

        foreach (var id in new[] { Adapter, Quantized })
        {
            var profile = await ProfileAsync(id); // profiled again in the batch that stored the root
            Assert.Equal(ModelEvents.Llama8BId, profile.GetProperty("shapeOf").GetString());
            Assert.Equal(131_072L, profile.GetProperty("kvCache").GetProperty("bytesPerToken").GetInt64());
            Assert.Contains(profile.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith($"Shape of {ModelEvents.Llama8BId}:", StringComparison.Ordinal));
            Assert.Equal(131_072L, Assert.Single(bus.PublishedFor(id), u => u.KvCacheBytesPerToken is not null).KvCacheBytesPerToken);
        }

        var whatIf = await (await http.PostAsJsonAsync("/what-if", new { modelId = Quantized, contextTokens = 8192 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ModelEvents.Llama8BId, whatIf.GetProperty("shapeOf").GetString());
        Assert.Equal(32, whatIf.GetProperty("shape").GetProperty("layers").GetInt32());
    }

    [Fact]
    public async Task A_derivative_in_the_batch_of_its_roots_config_json_is_profiled_and_published_once()
    {
        await factory.Bus.PublishModels(RootSummary());
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);
        await factory.Bus.PublishModels(Derivative(Adapter, ModelEvents.Llama8BId, BaseModelRelation.Adapter));
        await bus.HandledAsync(Adapter, 1);
        Assert.Single(bus.PublishedFor(Adapter));

        // The derivative again (a new downloads bucket) in the batch that brings its root's config.json: it is in the batch
        // and found below the root by the walk, and gets its new shape once.
        await factory.Bus.PublishModels(ModelEvents.Llama8B() with { ConfigFile = new ConfigFileOutcome { Revision = "rev-1", Harvested = true } },
            Derivative(Adapter, ModelEvents.Llama8BId, BaseModelRelation.Adapter));
        await bus.HandledAsync(Adapter, 2);

        var published = bus.PublishedFor(Adapter);
        Assert.Equal(2, published.Count);
        Assert.Equal(131_072L, published[1].KvCacheBytesPerToken);
        Assert.Equal(ModelEvents.Llama8BId, (await ProfileAsync(Adapter)).GetProperty("shapeOf").GetString());
    }

    [Fact]
    public async Task Derivatives_of_several_models_of_one_batch_each_take_their_own_ancestors_shape_to_the_levels_below()
    {
        const string MistralId = "mistralai/Mistral-7B-v0.1";
        const string MistralTune = "someone/mistral-7b-tune";
        const string OwnShape = "someone/llama-3.1-8b-own-config";
        const string BelowOwnShape = "someone/llama-3.1-8b-own-config-GGUF";
        var own = ModelEvents.FromFixture(Fixtures.ConfigFixture.Llama70B, OwnShape) with { BaseModels = [new BaseModelLink(ModelEvents.Llama8BId, BaseModelRelation.Finetune)] };
        await factory.Bus.PublishModels(Derivative(Adapter, ModelEvents.Llama8BId, BaseModelRelation.Adapter), Derivative(MistralTune, MistralId, BaseModelRelation.Finetune), own);
        await bus.HandledAsync(Adapter, 1);
        await factory.Bus.PublishModels(Derivative(Quantized, Adapter, BaseModelRelation.Quantized), Derivative(BelowOwnShape, OwnShape, BaseModelRelation.Quantized));
        await bus.HandledAsync(Quantized, 1);
        Assert.Equal($"no config.json harvested for {ModelEvents.Llama8BId}: the model itself was not harvested", (await ProfileAsync(Quantized)).GetProperty("shapeGap").GetString());
        Assert.Equal(OwnShape, (await ProfileAsync(BelowOwnShape)).GetProperty("shapeOf").GetString());

        // Both roots, with their shapes, arrive in one message.
        await factory.Bus.PublishModels(ModelEvents.Llama8B(), ModelEvents.FromFixture(Fixtures.ConfigFixture.Mistral7B, MistralId));
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);

        Assert.Equal(ModelEvents.Llama8BId, (await ProfileAsync(Adapter)).GetProperty("shapeOf").GetString());
        Assert.Equal(ModelEvents.Llama8BId, (await ProfileAsync(Quantized)).GetProperty("shapeOf").GetString()); // the second level
        Assert.Equal(MistralId, (await ProfileAsync(MistralTune)).GetProperty("shapeOf").GetString());
        // A derivative with a shape of its own keeps it, and so do the levels below it.
        Assert.Equal(JsonValueKind.Null, (await ProfileAsync(OwnShape)).GetProperty("shapeOf").ValueKind);
        Assert.Equal(OwnShape, (await ProfileAsync(BelowOwnShape)).GetProperty("shapeOf").GetString());
        Assert.Single(bus.PublishedFor(BelowOwnShape));
    }

    [Fact]
    public async Task At_most_MaxReprofiledDerivatives_derivatives_a_batch_are_profiled_again_the_first_by_id()
    {
        await using var limited = new InMemoryEvaluatorFactory(new Dictionary<string, string?> { ["OpenAccess:Evaluator:MaxReprofiledDerivatives"] = "1" });
        using var client = limited.CreateClient();
        var recorder = BusRecorder.Attach(limited.Bus);
        const string First = "someone/a-llama-3.1-8b-tune";
        const string Second = "someone/b-llama-3.1-8b-tune";
        await limited.Bus.PublishModels(Derivative(Second, ModelEvents.Llama8BId, BaseModelRelation.Finetune), Derivative(First, ModelEvents.Llama8BId, BaseModelRelation.Finetune));
        await recorder.HandledAsync(First, 1);

        await limited.Bus.PublishModels(ModelEvents.Llama8B());
        await recorder.HandledAsync(ModelEvents.Llama8BId, 1);

        async Task<JsonElement> Profile(string id) => (await client.GetFromJsonAsync<JsonElement>($"/models/{id}")).GetProperty("profile");
        Assert.Equal(ModelEvents.Llama8BId, (await Profile(First)).GetProperty("shapeOf").GetString());
        Assert.Equal(JsonValueKind.Null, (await Profile(Second)).GetProperty("shapeOf").ValueKind); // until it is next published
        Assert.Equal($"no config.json harvested for {ModelEvents.Llama8BId}: the model itself was not harvested", (await Profile(Second)).GetProperty("shapeGap").GetString());
    }

    [Fact]
    public async Task Derivatives_profiled_again_one_a_write_are_each_published_and_stored_once()
    {
        await using var oneAWrite = new InMemoryEvaluatorFactory(new Dictionary<string, string?> { ["OpenAccess:Evaluator:ProfilesPerWrite"] = "1" });
        using var client = oneAWrite.CreateClient();
        var recorder = BusRecorder.Attach(oneAWrite.Bus);
        await oneAWrite.Bus.PublishModels(RootSummary());
        await recorder.HandledAsync(ModelEvents.Llama8BId, 1);
        await oneAWrite.Bus.PublishModels(Derivative(Adapter, ModelEvents.Llama8BId, BaseModelRelation.Adapter), Derivative(Quantized, ModelEvents.Llama8BId, BaseModelRelation.Quantized));
        await recorder.HandledAsync(Adapter, 1);

        await oneAWrite.Bus.PublishModels(ModelEvents.Llama8B() with { ConfigFile = new ConfigFileOutcome { Revision = "rev-1", Harvested = true } });
        await recorder.HandledAsync(ModelEvents.Llama8BId, 2);

        Assert.Equal(2, recorder.PublishedFor(ModelEvents.Llama8BId).Count);
        foreach (var id in new[] { Adapter, Quantized })
        {
            Assert.Equal([null, 131_072L], recorder.PublishedFor(id).Select(u => u.KvCacheBytesPerToken));
            var profile = (await client.GetFromJsonAsync<JsonElement>($"/models/{id}")).GetProperty("profile");
            Assert.Equal(ModelEvents.Llama8BId, profile.GetProperty("shapeOf").GetString());
        }
    }

    [Fact]
    public async Task A_changed_profile_whose_event_says_the_same_is_stored_but_not_published_again()
    {
        await factory.Bus.PublishModels(RootSummary());
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);
        await factory.Bus.PublishModels(Derivative(Adapter, ModelEvents.Llama8BId, BaseModelRelation.Finetune));
        await bus.HandledAsync(Adapter, 1);
        var first = Assert.Single(bus.PublishedFor(Adapter));

        // The root's config.json refused: the derivative's gap now says why, which no event field carries.
        await factory.Bus.PublishModels(RootSummary(new ConfigFileOutcome { Revision = "rev-1", Failure = "HTTP 401: the repository is gated and HF_TOKEN is not set" }));
        await bus.HandledAsync(ModelEvents.Llama8BId, 2);

        Assert.Contains("HTTP 401", (await ProfileAsync(Adapter)).GetProperty("shapeGap").GetString());
        Assert.Same(first, Assert.Single(bus.PublishedFor(Adapter)));

        // A replay gives the event last published under the id it went out with: a late subscriber's copy is the original.
        var published = Assert.Single(bus.Published, p => p.Message.ModelId == Adapter);
        var replayed = await ReplayedAsync(Adapter);
        Assert.Equal(published.MessageId, replayed.MessageId);
        Assert.Equal(JsonSerializer.Serialize(first), JsonSerializer.Serialize(replayed.Message));

        // Its config.json after all: the event changes (a KV cache), and goes out.
        await factory.Bus.PublishModels(ModelEvents.Llama8B() with { ConfigFile = new ConfigFileOutcome { Revision = "rev-1", Harvested = true } });
        await bus.HandledAsync(ModelEvents.Llama8BId, 3);
        Assert.Equal([null, 131_072L], bus.PublishedFor(Adapter).Select(u => u.KvCacheBytesPerToken));
    }

    [Fact]
    public async Task A_derivative_of_a_root_whose_config_json_was_refused_says_which_root_and_why()
    {
        await factory.Bus.PublishModels(RootSummary(new ConfigFileOutcome { Revision = "rev-1", Failure = "HTTP 401: the repository is gated and HF_TOKEN is not set" }));
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);
        await factory.Bus.PublishModels(Derivative(Adapter, ModelEvents.Llama8BId, BaseModelRelation.Finetune));
        await bus.HandledAsync(Adapter, 1);

        var profile = await ProfileAsync(Adapter);
        Assert.Equal($"no config.json harvested for {ModelEvents.Llama8BId}: HTTP 401: the repository is gated and HF_TOKEN is not set; "
            + "without it the KV cache lacks the fields num_hidden_layers, num_attention_heads, head_dim or hidden_size", profile.GetProperty("shapeGap").GetString());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("shapeOf").ValueKind);
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("kvCache").ValueKind);
    }

    [Fact]
    public async Task A_later_sighting_of_the_same_revision_without_the_file_keeps_the_files_shape()
    {
        await factory.Bus.PublishModels(ModelEvents.Llama8B() with { Config = ModelEvents.Llama8B().Config, ConfigFile = new ConfigFileOutcome { Revision = "rev-1", Harvested = true } });
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);
        await factory.Bus.PublishModels(RootSummary() with { Downloads = 5_000_000 });
        await bus.HandledAsync(ModelEvents.Llama8BId, 2);

        var profile = await ProfileAsync(ModelEvents.Llama8BId);
        Assert.Equal(131_072L, profile.GetProperty("kvCache").GetProperty("bytesPerToken").GetInt64());
    }

    [Fact]
    public async Task A_derivative_of_a_root_whose_config_json_lacks_the_head_counts_names_the_fields_it_lacks()
    {
        // The file was read, but it gives the layers and the width without the attention heads.
        var partial = ModelEvents.Llama8B().Config! with { NumAttentionHeads = null, NumKeyValueHeads = null };
        await factory.Bus.PublishModels(ModelEvents.Llama8B() with { Config = partial, ConfigFile = new ConfigFileOutcome { Revision = "rev-1", Harvested = true, Source = "bundled" } });
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);
        await factory.Bus.PublishModels(Derivative(Adapter, ModelEvents.Llama8BId, BaseModelRelation.Adapter));
        await bus.HandledAsync(Adapter, 1);

        var profile = await ProfileAsync(Adapter);
        Assert.Equal($"the config.json of {ModelEvents.Llama8BId} (bundled) lacks what the KV cache needs: num_attention_heads", profile.GetProperty("shapeGap").GetString());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("kvCache").ValueKind);
    }

    [Fact]
    public async Task A_shape_taken_from_a_bundled_copy_of_the_roots_config_json_says_so_in_the_root_and_the_derivative()
    {
        await factory.Bus.PublishModels(ModelEvents.Llama8B() with { ConfigFile = new ConfigFileOutcome { Revision = "rev-1", Harvested = true, Source = "bundled" } });
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);
        await factory.Bus.PublishModels(Derivative(Adapter, ModelEvents.Llama8BId, BaseModelRelation.Adapter));
        await bus.HandledAsync(Adapter, 1);

        var root = await ProfileAsync(ModelEvents.Llama8BId);
        var derivative = await ProfileAsync(Adapter);
        Assert.Equal(("bundled", JsonValueKind.Null), (root.GetProperty("configSource").GetString(), root.GetProperty("shapeOf").ValueKind));
        Assert.Equal(("bundled", ModelEvents.Llama8BId), (derivative.GetProperty("configSource").GetString(), derivative.GetProperty("shapeOf").GetString()));
        Assert.Equal(root.GetProperty("kvCache").GetProperty("bytesPerToken").GetInt64(), derivative.GetProperty("kvCache").GetProperty("bytesPerToken").GetInt64());
    }

    [Fact]
    public async Task A_merge_takes_no_parents_shape()
    {
        await factory.Bus.PublishModels(ModelEvents.Llama8B());
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);
        await factory.Bus.PublishModels(Derivative(Adapter, ModelEvents.Llama8BId, BaseModelRelation.Merge));
        await bus.HandledAsync(Adapter, 1);

        var profile = await ProfileAsync(Adapter);
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("kvCache").ValueKind);
        Assert.Equal("no fine-tune, adapter or quantization ancestor has a config with layers and heads", profile.GetProperty("shapeGap").GetString());
    }
}
