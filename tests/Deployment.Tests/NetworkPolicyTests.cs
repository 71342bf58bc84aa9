using OpenAccess.Deployment.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace OpenAccess.Deployment.Tests;

/// <summary>Default deny; outside → gateway → services → RabbitMQ and MongoDB, and nothing else.</summary>
public sealed class NetworkPolicyTests
{
    static Manifest Policy(string overlay, string name) =>
        Assert.Single(Manifests.Of(overlay).OfKind("NetworkPolicy"), p => p.Name == name);

    static string? SelectorApp(YamlNode peer) => peer.Text("podSelector", "matchLabels", "app");

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public void Every_pod_is_denied_ingress_and_egress_by_default(string overlay)
    {
        var deny = Policy(overlay, "default-deny-all");

        Assert.Empty(deny.Node.Entries("spec", "podSelector"));
        Assert.Equal(["Ingress", "Egress"], deny.Node.Items("spec", "policyTypes").Select(t => t.ToString()));
        Assert.Empty(deny.Node.Items("spec", "ingress"));
        Assert.Empty(deny.Node.Items("spec", "egress"));
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public void Only_the_gateway_accepts_traffic_from_anywhere(string overlay)
    {
        foreach (var policy in Manifests.Of(overlay).OfKind("NetworkPolicy"))
        {
            foreach (var rule in policy.Node.Items("spec", "ingress"))
            {
                var open = rule.Items("from").Count == 0;
                Assert.True(!open || policy.Node.Text("spec", "podSelector", "matchLabels", "app") == "gateway",
                    $"{policy} lets any source in, but does not select the gateway");
            }
        }

        var gateway = Policy(overlay, "gateway");
        Assert.Equal(["8080"], gateway.Node.Items("spec", "ingress").SelectMany(r => r.Items("ports")).Select(p => p.Text("port")));
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public void The_services_are_reached_from_the_gateway_only(string overlay)
    {
        var backends = Policy(overlay, "backends");
        var from = backends.Node.Items("spec", "ingress").SelectMany(r => r.Items("from")).ToList();

        Assert.Equal(["gateway"], from.Select(SelectorApp));
        foreach (var deployment in Manifests.Of(overlay).OfKind("Deployment").Where(d => d.Name != "gateway"))
        {
            Assert.Equal("true", deployment.Node.Text("spec", "template", "metadata", "labels", "openaccess.io/backend"));
        }

        Assert.Null(Manifests.Of(overlay).OfKind("Deployment").Single(d => d.Name == "gateway")
            .Node.Text("spec", "template", "metadata", "labels", "openaccess.io/backend"));
    }

    [Theory]
    [InlineData("dev", "rabbitmq", "5672")]
    [InlineData("dev", "mongodb", "27017")]
    [InlineData("prod", "rabbitmq", "5672")]
    [InlineData("prod", "mongodb", "27017")]
    public void Only_the_services_and_the_store_s_own_members_reach_the_broker_and_the_database(string overlay, string name, string port)
    {
        var policy = Policy(overlay, name);
        var own = policy.Node.At("spec", "podSelector")!.ToString();

        foreach (var rule in policy.Node.Items("spec", "ingress"))
        {
            var peers = rule.Items("from");
            Assert.NotEmpty(peers);
            foreach (var peer in peers)
            {
                var fromServices = peer.Text("podSelector", "matchLabels", "openaccess.io/backend") == "true";
                var fromMembers = peer.At("podSelector")?.ToString() == own && peer.At("namespaceSelector") is null;
                var fromOperator = peer.At("namespaceSelector") is not null && peer.At("podSelector") is null && rule.Items("ports").Count > 0;
                Assert.True(fromServices || fromMembers || fromOperator, $"{policy} admits {peer}");
                if (fromServices)
                {
                    Assert.Equal([port], rule.Items("ports").Select(p => p.Text("port")));
                }
            }
        }
    }
}
