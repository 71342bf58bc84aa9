using System.Text.Json.Nodes;
using OpenAccess.Deployment.Tests.Infrastructure;

namespace OpenAccess.Deployment.Tests;

/// <summary>Production keeps serving through load and node drains.</summary>
public sealed class ProductionOverlayTests
{
    static IReadOnlyList<Manifest> Prod => Manifests.Of("prod");

    [Theory]
    [InlineData("fitting")]
    [InlineData("evaluator")]
    public void Each_consumer_is_autoscaled_from_at_least_two_replicas(string consumer)
    {
        var hpa = Assert.Single(Prod.OfKind("HorizontalPodAutoscaler"), h => h.Node.Text("spec", "scaleTargetRef", "name") == consumer);

        Assert.Equal("Deployment", hpa.Node.Text("spec", "scaleTargetRef", "kind"));
        var min = int.Parse(hpa.Node.Text("spec", "minReplicas")!);
        var max = int.Parse(hpa.Node.Text("spec", "maxReplicas")!);
        Assert.True(min >= 2, $"{hpa}: minReplicas {min}; one pod is no competing consumer");
        Assert.True(max > min, $"{hpa}: maxReplicas {max} leaves nothing to scale");
        Assert.NotEmpty(hpa.Node.Items("spec", "metrics"));
    }

    [Fact]
    public void The_lineage_writer_runs_one_replica_replaced_not_rolled_and_is_not_autoscaled()
    {
        // It alone stores and publishes: two writers would split the events between them and each publish adoption series.
        var lineage = Assert.Single(Prod.OfKind("Deployment"), d => d.Node.Text("metadata", "name") == "lineage");
        Assert.Equal("1", lineage.Node.Text("spec", "replicas"));
        Assert.Equal("Recreate", lineage.Node.Text("spec", "strategy", "type"));
        Assert.DoesNotContain(Prod.OfKind("HorizontalPodAutoscaler"), h => h.Node.Text("spec", "scaleTargetRef", "name") == "lineage");
        Assert.Equal("Writer", ConfigurationKeyTests.KubernetesEnvironment("prod", "lineage")["OpenAccess__Lineage__Replicas__Mode"]);
    }

    [Fact]
    public void Lineage_reads_are_spread_over_at_least_two_read_replicas_each_a_destination_of_the_gateway()
    {
        var replicas = Assert.Single(Prod.OfKind("StatefulSet"), s => s.Name == "lineage-replica");
        var count = int.Parse(replicas.Node.Text("spec", "replicas")!);
        Assert.True(count >= 2, $"{replicas}: {count} replica(s) spread no reads");
        var environment = ConfigurationKeyTests.KubernetesEnvironment("prod", "lineage-replica");
        Assert.Equal("Reader", environment["OpenAccess__Lineage__Replicas__Mode"]);
        Assert.False(environment.ContainsKey("OpenAccess__Lineage__Replicas__Instance"), "each replica's queue must be named after its own pod (HOSTNAME)");
        Assert.Equal("openaccess-connections", Prod.Containers().Single(c => c.Workload == replicas)
            .Node.Items("env").Single(e => e.Text("name") == "ConnectionStrings__mongodb").Text("valueFrom", "secretKeyRef", "name"));

        var headless = Assert.Single(Prod.OfKind("Service"), s => s.Name == replicas.Node.Text("spec", "serviceName"));
        Assert.Equal("None", headless.Node.Text("spec", "clusterIP"));
        Assert.Equal("lineage-replica", headless.Node.Text("spec", "selector", "app"));
        Assert.Equal("true", replicas.Node.Text("spec", "template", "metadata", "labels", "openaccess.io/backend"));

        // The gateway balances over the writer and every replica pod itself: through one Service, an HTTP/2 connection would pin them all to one pod.
        var gateway = ConfigurationKeyTests.KubernetesEnvironment("prod", "gateway");
        var destinations = gateway.Where(e => e.Key.StartsWith("ReverseProxy__Clusters__lineage__Destinations__", StringComparison.Ordinal)).Select(e => e.Value).Order().ToList();
        var expected = Enumerable.Range(0, count).Select(n => $"http://lineage-replica-{n}.lineage-replica:8081/").Append("http://lineage:8081/").Order().ToList();
        Assert.Equal(expected, destinations);
        var cluster = JsonNode.Parse(File.ReadAllText(Repository.PathOf("services/Gateway/appsettings.json")))!["ReverseProxy"]!["Clusters"]!["lineage"]!;
        Assert.Equal("PowerOfTwoChoices", gateway.GetValueOrDefault("ReverseProxy__Clusters__lineage__LoadBalancingPolicy") ?? cluster["LoadBalancingPolicy"]?.ToString());
        Assert.Equal("/health/ready", cluster["HealthCheck"]?["Active"]?["Path"]?.ToString()); // a replica still catching up gets no reads
        Assert.Single(Prod.OfKind("PodDisruptionBudget"), b => b.Node.Text("spec", "selector", "matchLabels", "app") == "lineage-replica");
    }

    [Fact]
    public void Every_other_service_has_a_disruption_budget_that_keeps_a_pod_and_at_least_two_replicas()
    {
        var budgets = Prod.OfKind("PodDisruptionBudget").ToList();
        foreach (var deployment in Prod.OfKind("Deployment").Where(d => d.Node.Text("metadata", "name") != "lineage"))
        {
            var app = deployment.Node.Text("spec", "selector", "matchLabels", "app");
            var pdb = Assert.Single(budgets, b => b.Node.Text("spec", "selector", "matchLabels", "app") == app);
            Assert.True(pdb.Node.Text("spec", "minAvailable") is "1" or "50%" || pdb.Node.Text("spec", "maxUnavailable") is not null, $"{pdb} sets no budget");

            var replicas = int.Parse(deployment.Node.Text("spec", "replicas") ?? "1");
            Assert.True(replicas >= 2, $"{deployment}: {replicas} replica(s); a budget of one available pod would block every drain");
        }
    }

    [Fact]
    public void The_gateway_alone_has_an_external_load_balancer()
    {
        var external = Assert.Single(Prod.OfKind("Service"), s => s.Node.Text("spec", "type") == "LoadBalancer");
        Assert.Equal("gateway", external.Node.Text("spec", "selector", "app"));
    }

    [Fact]
    public void Every_manifest_lands_in_the_openaccess_namespace()
    {
        Assert.All(Prod, m => Assert.Equal("openaccess", m.Node.Text("metadata", "namespace")));
    }
}
