using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Consumers;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Replicas;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults;
using OpenAccess.ServiceDefaults.Messaging.Replay;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>
/// <c>OpenAccess:Lineage:Replicas</c>: a single Lineage by default; a read replica consumes none of the Harvester's events,
/// publishes no adoption series and never writes the store (docs/lineage.md, "Read replicas"). The replicas over a real
/// broker are tested in tests/Faults.Tests (LineageReplicaTests).
/// </summary>
public sealed class ReplicaModeTests
{
    static IServiceCollection Wire(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create<string, string?>("OpenAccess:Bus:InMemory", "true"),
            .. settings.Select(s => KeyValuePair.Create<string, string?>(s.Key, s.Value))]);
        builder.AddServiceDefaults("lineage");
        builder.AddLineage();
        return builder.Services;
    }

    [Fact]
    public void By_default_Lineage_is_the_single_writer_and_publisher_it_always_was()
    {
        var services = Wire();

        Assert.Equal(ReplicaMode.Single, ((ReplicaOptions)services.Single(d => d.ServiceType == typeof(ReplicaOptions)).ImplementationInstance!).Mode);
        Assert.Contains(services, d => d.ServiceType == typeof(ModelsDiscoveredConsumer));
        Assert.Contains(services, d => d.ServiceType == typeof(BenchmarkUpdatedConsumer));
        Assert.Contains(services, d => d.ServiceType == typeof(AdoptionPublisher));
        Assert.Contains(services, d => d.ServiceType == typeof(IReplaySource) && d.ImplementationType == typeof(AdoptionReplaySource));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ReplicaConsumer));
    }

    [Fact]
    public void A_reader_follows_the_writer_and_neither_consumes_the_harvester_s_events_nor_publishes_series()
    {
        var services = Wire(("OpenAccess:Lineage:Replicas:Mode", "Reader"), ("OpenAccess:Lineage:Replicas:Instance", "Pod-1"));

        Assert.Equal("lineage-replica-pod-1", ((ReplicaOptions)services.Single(d => d.ServiceType == typeof(ReplicaOptions)).ImplementationInstance!).QueueName);
        Assert.Contains(services, d => d.ServiceType == typeof(ReplicaConsumer));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ModelsDiscoveredConsumer));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(BenchmarkUpdatedConsumer));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(AdoptionPublisher));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IReplaySource)); // POST /replays answers 503: replays run on the writer
    }

    [Fact]
    public void A_mode_that_does_not_exist_fails_start_up_naming_its_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Wire(("OpenAccess:Lineage:Replicas:Mode", "Follower")));
        Assert.Contains("OpenAccess:Lineage:Replicas:Mode", error.Message);
    }

    [Fact]
    public void The_defaults_are_the_documented_ones_and_the_instance_comes_from_the_host_name()
    {
        var options = new ReplicaOptions { Mode = ReplicaMode.Reader }.Resolve("Lineage-Replica-0");

        Assert.Equal(TimeSpan.FromMinutes(10), options.QueueExpiry);
        Assert.Equal("lineage-replica-0", options.Instance);
        Assert.Equal("lineage-replica-lineage-replica-0", options.QueueName);
        Assert.Equal(ReplicaMode.Single, new ReplicaOptions().Mode);
    }

    [Theory]
    [InlineData("Instance", null, "00:10:00")]
    [InlineData("Instance", "pod 1", "00:10:00")]
    [InlineData("Instance", "pod/1", "00:10:00")]
    [InlineData("QueueExpiry", "pod-1", "00:00:00")]
    [InlineData("QueueExpiry", "pod-1", "8.00:00:00")]
    public void A_bad_setting_of_a_reader_fails_start_up_naming_its_key(string key, string? instance, string expiry)
    {
        var options = new ReplicaOptions { Mode = ReplicaMode.Reader, Instance = instance, QueueExpiry = TimeSpan.Parse(expiry) };

        var error = Assert.Throws<InvalidOperationException>(() => options.Resolve(hostName: null));
        Assert.Contains($"OpenAccess:Lineage:Replicas:{key}", error.Message);
    }

    [Fact]
    public async Task A_reader_loads_records_as_the_graph_keeps_them_without_writing_them_back()
    {
        await using var factory = new InMemoryLineageFactory();
        var models = factory.Services.GetRequiredService<IDocumentCollection<StoredModel>>();
        var benchmarks = factory.Services.GetRequiredService<IDocumentCollection<BenchmarkUpdated>>();
        StoredModel Record(string id, string parent) => new()
        {
            Id = id, Author = "replica", Parents = [new BaseModelLink(parent, BaseModelRelation.Finetune)],
        };
        // A cycle stored before the graph's rules: the writer's load refuses old/b's link and writes old/b back without it.
        await models.UpsertAsync("replica/a", Record("replica/a", "replica/b"), CancellationToken.None);
        await models.UpsertAsync("replica/b", Record("replica/b", "replica/a"), CancellationToken.None);

        var options = new LineageOptions();
        var state = new GraphState(options);
        var intake = new ModelIntake(state, options, TimeProvider.System, NullLogger<ModelIntake>.Instance);
        var reader = new ReplicaOptions { Mode = ReplicaMode.Reader, Instance = "test" };
        await new GraphLoader(state, intake, models, benchmarks, NullLogger<GraphLoader>.Instance, reader).StartAsync(CancellationToken.None);

        Assert.Empty(state.Graph.GetModel("replica/b")!.Parents);
        Assert.Equal(["replica/a"], (await models.GetAsync("replica/b", CancellationToken.None))!.Parents.Select(p => p.Id));
    }
}
