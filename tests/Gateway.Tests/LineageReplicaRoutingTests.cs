using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OpenAccess.Gateway.Tests;

/// <summary>
/// Lineage's reads as the prod overlay routes them (k8s/overlays/prod): the writer and each read replica are destinations of
/// the lineage cluster over HTTP/2, and the gateway spreads the reads over those its health probe finds ready.
/// </summary>
public sealed class LineageReplicaRoutingTests
{
    [Fact]
    public async Task Reads_are_spread_over_the_writer_and_the_ready_replicas_and_none_go_to_one_that_is_not_ready()
    {
        await using var harvester = await RecordingBackend.StartAsync("harvester");
        await using var fitting = await RecordingBackend.StartAsync("fitting");
        await using var evaluator = await RecordingBackend.StartAsync("evaluator");
        await using var writer = await RecordingBackend.StartAsync("writer", HttpProtocols.Http2);
        await using var replica0 = await RecordingBackend.StartAsync("replica-0", HttpProtocols.Http2);
        await using var replica1 = await RecordingBackend.StartAsync("replica-1", HttpProtocols.Http2);
        var down = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/"); // a replica still starting: nothing answers its probe
        await using var gateway = new GatewayFactory(
            new Dictionary<string, Uri> { ["harvester"] = harvester.Address, ["lineage"] = writer.Address, ["fitting"] = fitting.Address, ["evaluator"] = evaluator.Address },
            more: new Dictionary<string, string>
            {
                ["ReverseProxy:Clusters:lineage:HttpRequest:Version"] = "2",
                ["ReverseProxy:Clusters:lineage:HttpRequest:VersionPolicy"] = "RequestVersionExact",
                ["ReverseProxy:Clusters:lineage:Destinations:replica-0:Address"] = replica0.Address.ToString(),
                ["ReverseProxy:Clusters:lineage:Destinations:replica-1:Address"] = replica1.Address.ToString(),
                ["ReverseProxy:Clusters:lineage:Destinations:replica-2:Address"] = down.ToString(),
            });
        var client = gateway.CreateClient();

        // The probe policy takes consecutive failures: a few probe rounds (one a second here) mark the silent replica down.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (replica0.Probes.Count < 4 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.True(replica0.Probes.Count >= 4, "the gateway did not probe the replicas");

        for (var i = 0; i < 60; i++)
        {
            using var response = await client.GetAsync($"/api/lineage/models/org/model-{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var served = new[] { writer, replica0, replica1 }.Select(b => b.Requests.Count).ToList();
        Assert.Equal(60, served.Sum());
        Assert.True(served.All(n => n > 0), $"reads per destination (writer, replica-0, replica-1): {string.Join(", ", served)}");
    }
}
