using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;
using OpenAccess.Deployment.Tests.Infrastructure;
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
            ("k8s dev", KubernetesEnvironment("dev", "gateway"), Manifests.Of("dev").OfKind("Service").Select(s => s.Name).ToHashSet()),
            ("k8s prod", KubernetesEnvironment("prod", "gateway"), Manifests.Of("prod").OfKind("Service").Select(s => s.Name).ToHashSet()),
        };

        foreach (var (where, environment, hosts) in settings)
        {
            var routes = environment.Where(e => e.Key.StartsWith("ReverseProxy__", StringComparison.Ordinal)).ToList();
            Assert.Equal(clusters.Select(c => c.Key).Order(), routes.Select(r => r.Key.Split("__")[2]).Order());
            foreach (var (key, address) in routes)
            {
                var path = key.Split("__");
                Assert.True(clusters[path[2]]?[path[3]]?[path[4]]?[path[5]] is not null, $"{where}: {key} names no setting of services/Gateway/appsettings.json");
                var uri = new Uri(address);
                Assert.True(hosts.Contains(uri.Host) && uri.Port == 8080, $"{where}: {key}={address} points at no service on 8080");
            }

            Assert.DoesNotContain(environment.Keys, k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
        }
    }

    /// <summary>A container's environment as Kubernetes would give it: its ConfigMaps, then its env (secret values stand in as placeholders).</summary>
    static Dictionary<string, string> KubernetesEnvironment(string overlay, string service)
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
