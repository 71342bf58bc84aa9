using System.Text.Json.Nodes;
using OpenAccess.Deployment.Tests.Infrastructure;

namespace OpenAccess.Deployment.Tests;

/// <summary>Directory.Build.targets gives the five services (and nothing else) the image the manifests run.</summary>
public sealed class ContainerImageTests
{
    static readonly string[] Properties =
        ["ContainerRepository", "ContainerImageTags", "ContainerBaseImage", "ContainerUser", "EnableSdkContainerSupport"];

    static JsonObject Evaluate(string project)
    {
        var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Tool.Find("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH.");
        var result = Tool.Run(dotnet, ["msbuild", Repository.PathOf(project), "-nologo", .. Properties.Select(p => $"-getProperty:{p}")],
            Repository.Root, TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, $"dotnet msbuild {project} failed: {result.Output}{result.Error}");
        return JsonNode.Parse(result.Output)!["Properties"]!.AsObject();
    }

    [Theory]
    [InlineData("Harvester")]
    [InlineData("Lineage")]
    [InlineData("Fitting")]
    [InlineData("Evaluator")]
    [InlineData("Gateway")]
    public void Each_service_publishes_a_non_root_chiseled_image_under_the_name_and_tag_the_manifests_use(string name)
    {
        var properties = Evaluate($"services/{name}/{name}.csproj");
        var service = name.ToLowerInvariant();
        var deployed = Manifests.Of("prod").Containers().Single(c => c.Workload.Name == service).Node.Text("image");

        Assert.Equal($"openaccess/{service}", (string?)properties["ContainerRepository"]);
        Assert.Equal($"openaccess/{service}:{properties["ContainerImageTags"]}", deployed);
        Assert.EndsWith("-chiseled", (string?)properties["ContainerBaseImage"]);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", (string?)properties["ContainerBaseImage"]);
        Assert.Equal("1654", (string?)properties["ContainerUser"]);
    }

    [Theory]
    [InlineData("services/Standalone/Standalone.csproj")]
    [InlineData("tests/Deployment.Tests/Deployment.Tests.csproj")]
    public void Other_projects_get_no_image(string project)
    {
        Assert.Equal("", (string?)Evaluate(project)["ContainerRepository"]);
    }
}
