using OpenAccess.Deployment.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace OpenAccess.Deployment.Tests;

/// <summary>docker-compose.yml: accepted by Compose, started in dependency order, closed to the host but for the gateway and two UIs.</summary>
public sealed class ComposeTests
{
    static readonly YamlMappingNode Compose = Yaml.Documents(File.ReadAllText(Repository.PathOf("docker-compose.yml"))).Single();

    public static IReadOnlyDictionary<string, YamlNode> Services { get; } =
        Compose.Entries("services").ToDictionary(e => e.Key, e => e.Value);

    public static IReadOnlyDictionary<string, string> Environment(string service) =>
        Services[service].Entries("environment").ToDictionary(e => e.Key, e => e.Value.ToString());

    static IReadOnlyDictionary<string, string> DependsOn(string service) =>
        Services[service].Entries("depends_on").ToDictionary(e => e.Key, e => e.Value.Text("condition") ?? "service_started");

    [Fact]
    public void Compose_accepts_the_file()
    {
        // Debian's docker-compose (v1) or the Docker CLI's compose plugin, whichever is here; the engine is not needed for `config`.
        string[] command;
        if (Tool.Find("docker-compose") is { } compose)
        {
            command = [compose];
        }
        else if (Tool.Find("docker") is { } docker && Tool.Run(docker, ["compose", "version"], Repository.Root, TimeSpan.FromMinutes(1)).ExitCode == 0)
        {
            command = [docker, "compose"];
        }
        else
        {
            Assert.Skip("Neither docker-compose nor the docker compose plugin is installed (apt-get install docker-compose): docker-compose.yml was not checked by Compose.");
            return;
        }

        var result = Tool.Run(command[0], [.. command[1..], "-f", "docker-compose.yml", "config", "-q"], Repository.Root, TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, $"{string.Join(' ', command)} config rejected docker-compose.yml: {result.Error}{result.Output}");
    }

    [Theory]
    [InlineData("lineage")]
    [InlineData("fitting")]
    [InlineData("evaluator")]
    public void The_harvester_starts_after_each_consumer_answers_ready(string consumer)
    {
        Assert.Equal("service_completed_successfully", DependsOn("harvester")["consumers-ready"]);
        Assert.Equal("service_started", DependsOn("consumers-ready")[consumer]);
        var probe = string.Join(' ', Services["consumers-ready"].Items("command").Select(c => c.ToString()));
        Assert.Contains($"for s in lineage fitting evaluator", probe);
        Assert.Contains("http://$$s:8080/health/ready", probe);
    }

    [Theory]
    [InlineData("lineage")]
    [InlineData("fitting")]
    [InlineData("evaluator")]
    [InlineData("harvester")]
    public void Each_backend_waits_for_a_healthy_broker_and_database(string service)
    {
        Assert.Equal("service_healthy", DependsOn(service)["rabbitmq"]);
        Assert.Equal("service_healthy", DependsOn(service)["mongodb"]);
        Assert.NotNull(Services["rabbitmq"].At("healthcheck", "test"));
    }

    [Fact]
    public void MongoDB_runs_as_a_replica_set_that_its_healthcheck_initiates()
    {
        var command = Services["mongodb"].Items("command").Select(c => c.ToString()).ToList();
        var check = string.Join(' ', Services["mongodb"].Items("healthcheck", "test").Select(c => c.ToString()));

        Assert.Equal("rs0", command[command.IndexOf("--replSet") + 1]);
        Assert.Contains("rs.initiate(", check);
        Assert.Contains("replicaSet=rs0", Environment("lineage")["ConnectionStrings__mongodb"]);
    }

    [Fact]
    public void Only_the_gateway_and_the_RabbitMQ_and_Jaeger_UIs_are_published()
    {
        var published = Services
            .SelectMany(s => s.Value.Items("ports").Select(p => (Service: s.Key, ContainerPort: p.ToString().Split(':')[^1])))
            .ToList();

        Assert.Equal([("gateway", "8080"), ("jaeger", "16686"), ("rabbitmq", "15672")], published.OrderBy(p => p.Service));
    }

    [Fact]
    public void Data_lives_in_named_volumes_and_every_image_is_pinned()
    {
        var volumes = Compose.Entries("volumes").Select(v => v.Key).ToHashSet();
        foreach (var (service, node) in Services)
        {
            foreach (var mount in node.Items("volumes").Select(v => v.ToString()))
            {
                Assert.Contains(mount.Split(':')[0], volumes);
            }

            var image = node.Text("image")!;
            Assert.True(image.Contains(':') && !image.EndsWith(":latest", StringComparison.Ordinal), $"{service}: image '{image}' is not pinned");
        }

        Assert.Superset(new HashSet<string> { "rabbitmq-data", "mongodb-data" }, volumes);
    }
}
