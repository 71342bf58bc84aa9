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
    public void Lineage_runs_one_replica_replaced_not_rolled_and_is_not_autoscaled()
    {
        // Its graph lives in memory: two pods would split the events between them.
        var lineage = Assert.Single(Prod.OfKind("Deployment"), d => d.Node.Text("metadata", "name") == "lineage");
        Assert.Equal("1", lineage.Node.Text("spec", "replicas"));
        Assert.Equal("Recreate", lineage.Node.Text("spec", "strategy", "type"));
        Assert.DoesNotContain(Prod.OfKind("HorizontalPodAutoscaler"), h => h.Node.Text("spec", "scaleTargetRef", "name") == "lineage");
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
