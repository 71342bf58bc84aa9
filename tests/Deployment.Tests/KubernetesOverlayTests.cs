using OpenAccess.Deployment.Tests.Infrastructure;

namespace OpenAccess.Deployment.Tests;

/// <summary>What every overlay must keep, whatever it changes: probes, a restricted pod, resources, pinned images, no secret values.</summary>
public sealed class KubernetesOverlayTests
{
    public static readonly string[] Services = ["harvester", "lineage", "fitting", "evaluator", "gateway"];
    public static readonly string[] Backends = ["harvester", "lineage", "fitting", "evaluator"];

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public void Renders_a_deployment_and_a_service_on_8080_for_each_of_the_five_services(string overlay)
    {
        var manifests = Manifests.Of(overlay);

        Assert.Equal(Services.Order(), manifests.OfKind("Deployment").Select(d => d.Name).Order());
        foreach (var service in Services)
        {
            var svc = Assert.Single(manifests.OfKind("Service"), s => s.Name == service);
            Assert.Equal(service, svc.Node.Text("spec", "selector", "app"));
            Assert.Contains(svc.Node.Items("spec", "ports"), p => p.Text("port") == "8080");
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public void Every_container_is_probed_for_readiness_on_health_ready_and_liveness_on_health_live(string overlay)
    {
        foreach (var c in Manifests.Of(overlay).Containers())
        {
            Assert.True(c.Node.Text("readinessProbe", "httpGet", "path") == "/health/ready", $"{c}: readinessProbe must GET /health/ready");
            Assert.True(c.Node.Text("livenessProbe", "httpGet", "path") == "/health/live", $"{c}: livenessProbe must GET /health/live");
            Assert.Equal("http", c.Node.Text("readinessProbe", "httpGet", "port"));
            Assert.Contains(c.Node.Items("ports"), p => p.Text("name") == "http" && p.Text("containerPort") == "8080");
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public void Every_container_runs_as_non_root_on_a_read_only_root_filesystem_without_privilege_escalation(string overlay)
    {
        foreach (var c in Manifests.Of(overlay).Containers())
        {
            string? Setting(params string[] path) => c.Node.Text(["securityContext", .. path]) ?? c.Pod.Text(["securityContext", .. path]);

            Assert.True(Setting("runAsNonRoot") == "true", $"{c}: runAsNonRoot must be true");
            Assert.True(c.Node.Text("securityContext", "readOnlyRootFilesystem") == "true", $"{c}: readOnlyRootFilesystem must be true");
            Assert.True(c.Node.Text("securityContext", "allowPrivilegeEscalation") == "false", $"{c}: allowPrivilegeEscalation must be false");
            Assert.True(Setting("seccompProfile", "type") == "RuntimeDefault", $"{c}: seccompProfile must be RuntimeDefault");
            Assert.Equal(["ALL"], c.Node.Items("securityContext", "capabilities", "drop").Select(n => n.ToString()));
            Assert.Empty(c.Node.Items("securityContext", "capabilities", "add"));
            var user = Setting("runAsUser");
            Assert.True(user is not null && user != "0", $"{c}: runAsUser must name a non-root numeric user");
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public void The_only_writable_paths_are_emptyDir_volumes_for_tmp_and_the_data_folder(string overlay)
    {
        foreach (var c in Manifests.Of(overlay).Containers())
        {
            var volumes = c.Pod.Items("volumes").ToDictionary(v => v.Text("name")!, v => v);
            var mounts = c.Node.Items("volumeMounts").ToDictionary(m => m.Text("mountPath")!, m => m.Text("name")!);

            foreach (var path in new[] { "/tmp", "/app/data" })
            {
                Assert.True(mounts.TryGetValue(path, out var volume), $"{c}: nothing mounted on {path}, which must be writable");
                Assert.True(volumes[volume].At("emptyDir") is not null, $"{c}: {path} must be an emptyDir");
                Assert.NotNull(volumes[volume].Text("emptyDir", "sizeLimit"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public void Every_container_has_cpu_and_memory_requests_and_limits(string overlay)
    {
        foreach (var c in Manifests.Of(overlay).Containers())
        {
            foreach (var kind in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.True(c.Node.Text("resources", kind, resource) is { Length: > 0 }, $"{c}: resources.{kind}.{resource} is missing");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public void Every_image_is_an_openaccess_image_pinned_to_a_version(string overlay)
    {
        foreach (var c in Manifests.Of(overlay).Containers())
        {
            var image = c.Node.Text("image") ?? "";
            var lastSlash = image.LastIndexOf('/');
            var colon = image.IndexOf(':', lastSlash + 1);
            Assert.True(colon > 0 || image.Contains('@'), $"{c}: image '{image}' has no tag: it would run whatever 'latest' is");
            Assert.NotEqual("latest", colon > 0 ? image[(colon + 1)..] : "");
            // Named for the service the container runs (a Lineage read replica's container is 'lineage'), not for its workload.
            Assert.Equal($"openaccess/{c.Name}", colon > 0 ? image[..colon] : image);
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public void No_secret_values_are_committed_and_connection_strings_come_from_the_openaccess_connections_secret(string overlay)
    {
        var manifests = Manifests.Of(overlay);
        foreach (var secret in manifests.OfKind("Secret"))
        {
            Assert.Empty(secret.Node.Entries("data"));
            Assert.Empty(secret.Node.Entries("stringData"));
        }

        foreach (var c in manifests.Containers())
        {
            var env = c.Node.Items("env").ToDictionary(e => e.Text("name")!, e => e);
            if (c.Workload.Name == "gateway")
            {
                Assert.DoesNotContain(env.Keys, k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
                continue;
            }

            foreach (var (name, key) in new[] { ("ConnectionStrings__rabbitmq", "rabbitmq"), ("ConnectionStrings__mongodb", "mongodb") })
            {
                Assert.True(env.TryGetValue(name, out var variable), $"{c}: {name} is not set");
                Assert.Null(variable.Text("value"));
                Assert.Equal("openaccess-connections", variable.Text("valueFrom", "secretKeyRef", "name"));
                Assert.Equal(key, variable.Text("valueFrom", "secretKeyRef", "key"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public void Only_the_gateway_is_exposed_outside_the_cluster(string overlay)
    {
        foreach (var service in Manifests.Of(overlay).OfKind("Service"))
        {
            var type = service.Node.Text("spec", "type") ?? "ClusterIP";
            if (type != "ClusterIP")
            {
                Assert.True(service.Node.Text("spec", "selector", "app") == "gateway", $"{service} is of type {type} but does not select the gateway");
            }
        }
    }
}
