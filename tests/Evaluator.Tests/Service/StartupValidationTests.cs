using System.Text.Json.Nodes;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>A bad catalogue or setting stops the service at start-up with a message an operator can act on.</summary>
public sealed class StartupValidationTests : IDisposable
{
    readonly string catalogues = Directory.CreateTempSubdirectory("openaccess-catalogues-").FullName;

    public StartupValidationTests()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Catalogues"), "*.json"))
        {
            File.Copy(file, Path.Combine(catalogues, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(catalogues, recursive: true);

    [Fact]
    public async Task A_catalogue_entry_with_a_negative_memory_fails_start_up_naming_the_file_and_the_entry()
    {
        var path = Path.Combine(catalogues, "gpus.json");
        var gpus = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        gpus["entries"]![0]!["memoryGb"] = -80;
        await File.WriteAllTextAsync(path, gpus.ToJsonString());

        var error = await StartFailure(new() { ["OpenAccess:Evaluator:CatalogueDirectory"] = catalogues });

        Assert.Contains("gpus.json", error);
        Assert.Contains("'h100-sxm-80gb'", error);
        Assert.Contains("'memoryGb' is -80", error);
    }

    [Fact]
    public async Task A_missing_catalogue_file_fails_start_up_naming_it_and_the_setting()
    {
        File.Delete(Path.Combine(catalogues, "api-prices.json"));

        var error = await StartFailure(new() { ["OpenAccess:Evaluator:CatalogueDirectory"] = catalogues });

        Assert.Contains("api-prices.json", error);
        Assert.Contains("OpenAccess:Evaluator:CatalogueDirectory", error);
    }

    [Fact]
    public async Task No_profiles_a_write_fails_start_up_naming_the_key()
    {
        var error = await StartFailure(new() { ["OpenAccess:Evaluator:ProfilesPerWrite"] = "0" });

        Assert.Contains("OpenAccess:Evaluator:ProfilesPerWrite is 0; it must be 1 or more.", error);
    }

    [Fact]
    public async Task An_unknown_default_GPU_fails_start_up_naming_the_key()
    {
        var error = await StartFailure(new() { ["OpenAccess:Evaluator:GpuId"] = "abacus" });

        Assert.Contains("OpenAccess:Evaluator:GpuId 'abacus'", error);
    }

    [Theory]
    [InlineData("MaxBatchSize", "0", "OpenAccess:Evaluator:Limits:MaxBatchSize is 0; it must be at least 1.")]
    [InlineData("MaxDeploymentGpus", "0", "OpenAccess:Evaluator:Limits:MaxDeploymentGpus is 0; it must be at least 1.")]
    [InlineData("MaxContextTokens", "2000000000", "OpenAccess:Evaluator:Limits:MaxContextTokens is 2000000000; it must be from 1 to 1073741823.")]
    [InlineData("MinSecondsPerRequest", "0", "OpenAccess:Evaluator:Limits:MinSecondsPerRequest (0) must be positive")]
    public async Task A_limit_that_is_no_usable_bound_fails_start_up_naming_the_key(string key, string value, string message)
    {
        var error = await StartFailure(new() { [$"OpenAccess:Evaluator:Limits:{key}"] = value });

        Assert.StartsWith(message, error);
    }

    static async Task<string> StartFailure(Dictionary<string, string?> settings)
    {
        await using var factory = new InMemoryEvaluatorFactory(settings);
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        return error.GetBaseException().Message;
    }
}
