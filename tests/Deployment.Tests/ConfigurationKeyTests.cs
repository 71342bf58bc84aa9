using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;
using OpenAccess.Deployment.Tests.Infrastructure;
using OpenAccess.Harvester.Runs;
using OpenAccess.ServiceDefaults;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Deployment.Tests;

/// <summary>
/// The environment compose and Kubernetes give each service, fed to the services' own AddServiceDefaults:
/// a misspelt variable name would leave the service on SQLite, without a bus or without traces.
/// </summary>
public sealed class ConfigurationKeyTests
{
    public static readonly TheoryData<string> Backends = new("harvester", "lineage", "fitting", "evaluator");

    /// <summary>What the service wires from a set of environment variables (named as the environment names them: <c>A__B</c> for <c>A:B</c>).</summary>
    static IServiceCollection Wire(string service, IReadOnlyDictionary<string, string> environment)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":"), (string?)e.Value)));
        builder.AddServiceDefaults(service);
        return builder.Services;
    }

    static void AssertWiredForDeployment(string service, IReadOnlyDictionary<string, string> environment)
    {
        var services = Wire(service, environment);

        Assert.True(services.Any(d => d.ServiceType == typeof(IBusControl)), $"{service}: no RabbitMQ bus from {string.Join(", ", environment.Keys)}");
        Assert.True(services.Any(d => d.ServiceType == typeof(IMongoClient)), $"{service}: no MongoDB client, it would fall back to SQLite");
        Assert.Contains(services, d => d.ServiceType.FullName?.Contains("Otlp", StringComparison.Ordinal) == true
                                     || d.ImplementationType?.FullName?.Contains("Otlp", StringComparison.Ordinal) == true);
        var storage = (StorageOptions)Assert.Single(services, d => d.ServiceType == typeof(StorageOptions)).ImplementationInstance!;
        Assert.Equal("/app/data", storage.DataDirectory);
    }

    [Fact]
    public void Without_deployment_settings_a_service_has_no_bus_no_MongoDB_and_no_OTLP_export()
    {
        // The control for the tests below: what they see is made by the settings, not by the defaults.
        var services = Wire("lineage", new Dictionary<string, string>());

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IBusControl));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IMongoClient));
        Assert.DoesNotContain(services, d => d.ServiceType.FullName?.Contains("Otlp", StringComparison.Ordinal) == true
                                           || d.ImplementationType?.FullName?.Contains("Otlp", StringComparison.Ordinal) == true);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Compose_settings_give_each_backend_RabbitMQ_MongoDB_OTLP_and_its_data_folder(string service) =>
        AssertWiredForDeployment(service, ComposeTests.Environment(service));

    [Theory]
    [MemberData(nameof(Backends))]
    public void Kubernetes_settings_give_each_backend_RabbitMQ_MongoDB_OTLP_and_its_data_folder(string service)
    {
        foreach (var overlay in new[] { "dev", "prod" })
        {
            AssertWiredForDeployment(service, KubernetesEnvironment(overlay, service));
        }
    }

    [Fact]
    public void The_gateway_routes_of_compose_and_Kubernetes_name_clusters_the_gateway_has_and_services_that_exist()
    {
        var clusters = JsonNode.Parse(File.ReadAllText(Repository.PathOf("services/Gateway/appsettings.json")))!["ReverseProxy"]!["Clusters"]!.AsObject();
        var settings = new[]
        {
            ("compose", ComposeTests.Environment("gateway"), ComposeTests.Services.Keys.ToHashSet()),
            ("k8s dev", KubernetesEnvironment("dev", "gateway"), KubernetesHosts("dev")),
            ("k8s prod", KubernetesEnvironment("prod", "gateway"), KubernetesHosts("prod")),
        };

        foreach (var (where, environment, hosts) in settings)
        {
            var routes = environment.Where(e => e.Key.StartsWith("ReverseProxy__", StringComparison.Ordinal)).ToList();
            var addresses = routes.Where(r => r.Key.EndsWith("__Address", StringComparison.Ordinal)).ToList();
            Assert.Equal(clusters.Select(c => c.Key).Order(), addresses.Select(r => r.Key.Split("__")[2]).Distinct().Order());
            foreach (var (key, _) in routes)
            {
                // A destination beside 'primary' (a Lineage read replica) takes the settings 'primary' has.
                var path = key.Split("__")[2..];
                if (path is [_, "Destinations", _, ..]) path[2] = "primary";
                var setting = path.Aggregate((JsonNode?)clusters, (node, name) => node?[name]);
                Assert.True(setting is not null, $"{where}: {key} names no setting of services/Gateway/appsettings.json");
            }

            foreach (var (key, address) in addresses)
            {
                Assert.True(hosts.Contains(new Uri(address).Host), $"{where}: {key}={address} points at no service");
            }

            Assert.DoesNotContain(environment.Keys, k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The host names an overlay's Services answer to: each Service's name, and for a headless Service of a StatefulSet
    /// (Lineage's read replicas) each pod's <c>{pod}.{service}</c>.
    /// </summary>
    static HashSet<string> KubernetesHosts(string overlay)
    {
        var manifests = Manifests.Of(overlay);
        var hosts = manifests.OfKind("Service").Select(s => s.Name).ToHashSet();
        foreach (var set in manifests.OfKind("StatefulSet"))
        {
            var service = set.Node.Text("spec", "serviceName")!;
            if (manifests.OfKind("Service").Any(s => s.Name == service && s.Node.Text("spec", "clusterIP") == "None"))
            {
                hosts.UnionWith(Enumerable.Range(0, int.Parse(set.Node.Text("spec", "replicas") ?? "1")).Select(n => $"{set.Name}-{n}.{service}"));
            }
        }

        return hosts;
    }

    public static readonly TheoryData<string> Deployments = new("compose", "dev", "prod");

    /// <summary>
    /// A cluster the gateway reaches over HTTP/2 (prior knowledge, no fallback) must point at an endpoint its service
    /// serves with HTTP/2 only, which the Service and the network policies let through; any other cluster at the
    /// service's HTTP/1.1 port 8080. A mismatch would fail every request of the route, or quietly stay on HTTP/1.1.
    /// </summary>
    [Theory]
    [MemberData(nameof(Deployments))]
    public void Each_cluster_speaks_the_HTTP_version_its_service_listens_with_on_that_port(string deployment)
    {
        var clusters = JsonNode.Parse(File.ReadAllText(Repository.PathOf("services/Gateway/appsettings.json")))!["ReverseProxy"]!["Clusters"]!.AsObject();
        var gateway = deployment == "compose" ? ComposeTests.Environment("gateway") : KubernetesEnvironment(deployment, "gateway");
        var overHttp2 = 0;

        foreach (var (cluster, defaults) in clusters)
        {
            string? Setting(string section, string name) =>
                gateway.GetValueOrDefault($"ReverseProxy__Clusters__{cluster}__{section}__{name}") ?? defaults?[section]?[name]?.ToString();

            var address = new Uri(gateway[$"ReverseProxy__Clusters__{cluster}__Destinations__primary__Address"]);
            var service = deployment == "compose" ? ComposeTests.Environment(address.Host) : KubernetesEnvironment(deployment, address.Host);
            var http2Only = service
                .Where(e => e.Key.StartsWith("Kestrel__Endpoints__", StringComparison.Ordinal) && e.Key.EndsWith("__Url", StringComparison.Ordinal))
                .Where(e => service.GetValueOrDefault(e.Key[..^"Url".Length] + "Protocols") == "Http2")
                .Select(e => new Uri(e.Value.Replace("+", "localhost", StringComparison.Ordinal)).Port)
                .ToList();

            if (Setting("HttpRequest", "Version") == "2")
            {
                overHttp2++;
                Assert.Equal("RequestVersionExact", Setting("HttpRequest", "VersionPolicy"));
                Assert.True(http2Only.Contains(address.Port), $"{deployment}: {cluster} speaks HTTP/2 to {address}, but {address.Host} has no HTTP/2-only endpoint on {address.Port}");
                Assert.Equal("True", Setting("HttpClient", "EnableMultipleHttp2Connections"), ignoreCase: true);
                if (deployment != "compose")
                {
                    AssertKubernetesLetsThrough(deployment, address);
                }
            }
            else
            {
                Assert.True(address.Port == 8080, $"{deployment}: {cluster} speaks HTTP/1.1 to {address}, not to the service's port 8080");
            }
        }

        Assert.True(overHttp2 > 0, $"{deployment}: no cluster over HTTP/2, so this test checked nothing of it");
    }

    /// <summary>
    /// The harvester's schedule as each deployment gives it, bound and checked as the harvester does at start: a misspelt
    /// key would leave a deployment that never harvests by itself, and a bad expression one that never starts.
    /// </summary>
    [Theory]
    [MemberData(nameof(Deployments))]
    public void The_harvester_schedule_of_each_deployment_is_read_by_the_harvester_as_a_Hub_and_a_leaderboard_schedule(string deployment)
    {
        // Compose leaves it off unless its variables are set (deploy/README.md); Kubernetes sets it in the base.
        var variables = new Dictionary<string, string> { ["OPENACCESS_SCHEDULE_HUB"] = "0 */6 * * *", ["OPENACCESS_SCHEDULE_LEADERBOARD"] = "30 5 * * *" };
        var environment = deployment == "compose"
            ? ComposeTests.Environment("harvester").ToDictionary(e => e.Key, e => Interpolate(e.Value, variables))
            : KubernetesEnvironment(deployment, "harvester");

        var schedule = Schedule(environment);

        Assert.Equal([RunManager.Hub, RunManager.LeaderboardV2], schedule.Select(s => s.Source));
        Assert.True(schedule[0].Options.Incremental);
        if (deployment == "compose")
        {
            Assert.Empty(Schedule(ComposeTests.Environment("harvester").ToDictionary(e => e.Key, e => Interpolate(e.Value, new Dictionary<string, string>()))));
        }
    }

    static IReadOnlyList<ScheduledSource> Schedule(IReadOnlyDictionary<string, string> environment) =>
        (new ConfigurationBuilder().AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":"), (string?)e.Value))).Build()
            .GetSection(ScheduleOptions.Section).Get<ScheduleOptions>() ?? new ScheduleOptions()).Validate();

    /// <summary>Compose's <c>${NAME:-default}</c>, the only form of variable the harvester's settings use.</summary>
    static string Interpolate(string value, IReadOnlyDictionary<string, string> variables) =>
        System.Text.RegularExpressions.Regex.Replace(value, @"\$\{(\w+):-([^}]*)\}", m => variables.GetValueOrDefault(m.Groups[1].Value) ?? m.Groups[2].Value);

    static void AssertKubernetesLetsThrough(string overlay, Uri address)
    {
        var manifests = Manifests.Of(overlay);
        var port = address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var service = Assert.Single(manifests.OfKind("Service"), s => s.Name == address.Host);
        Assert.True(service.Node.Items("spec", "ports").Any(p => p.Text("port") == port), $"{overlay}: {service} has no port {port}");
        var policies = manifests.OfKind("NetworkPolicy").ToDictionary(p => p.Name);
        Assert.True(policies["gateway"].Node.Items("spec", "egress").SelectMany(r => r.Items("ports")).Any(p => p.Text("port") == port),
            $"{overlay}: the gateway's network policy does not let it out to port {port}");
        Assert.True(policies["backends"].Node.Items("spec", "ingress").SelectMany(r => r.Items("ports")).Any(p => p.Text("port") == port),
            $"{overlay}: the backends' network policy does not let the gateway in on port {port}");
    }

    /// <summary>A container's environment as Kubernetes would give it: its ConfigMaps, then its env (secret values stand in as placeholders).</summary>
    internal static Dictionary<string, string> KubernetesEnvironment(string overlay, string service)
    {
        var manifests = Manifests.Of(overlay);
        var container = manifests.Containers().Single(c => c.Workload.Name == service);
        var environment = new Dictionary<string, string>();
        foreach (var source in container.Node.Items("envFrom"))
        {
            var map = Assert.Single(manifests.OfKind("ConfigMap"), m => m.Name == source.Text("configMapRef", "name"));
            foreach (var (key, value) in map.Node.Entries("data"))
            {
                environment[key] = value.ToString();
            }
        }

        foreach (var variable in container.Node.Items("env"))
        {
            environment[variable.Text("name")!] = variable.Text("value") ?? variable.Text("valueFrom", "secretKeyRef", "key") switch
            {
                "rabbitmq" => "amqp://user:password@openaccess-rabbitmq:5672/",
                "mongodb" => "mongodb://openaccess-mongodb-svc:27017/?replicaSet=openaccess-mongodb",
                var other => throw new InvalidOperationException($"{container}: {variable} reads an unknown secret key {other}"),
            };
        }

        return environment;
    }
}
