using System.Net.Http.Json;
using System.Text.Json;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>The catalogues a user can check every figure against, each entry with its source.</summary>
public sealed class CataloguesApiTests : IAsyncDisposable
{
    readonly InMemoryEvaluatorFactory factory = new();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task The_three_catalogues_are_listed_with_their_sourced_figures()
    {
        var http = factory.CreateClient();

        var gpus = await http.GetFromJsonAsync<JsonElement>("/catalogues/gpus");
        var h100 = gpus.EnumerateArray().Single(g => g.GetProperty("id").GetString() == "h100-sxm-80gb");
        Assert.Equal((80m, 700, 25_000m), (h100.GetProperty("memoryGb").GetDecimal(), h100.GetProperty("tdpWatts").GetInt32(), h100.GetProperty("priceUsd").GetDecimal()));
        Assert.All(gpus.EnumerateArray(), g => Assert.False(string.IsNullOrWhiteSpace(g.GetProperty("source").GetString())));

        var regions = await http.GetFromJsonAsync<JsonElement>("/catalogues/energy-prices");
        Assert.Equal(0.177m, regions.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "us-average").GetProperty("pricePerKwhUsd").GetDecimal());

        var apis = await http.GetFromJsonAsync<JsonElement>("/catalogues/api-prices");
        var llama = apis.EnumerateArray().Single(a => a.GetProperty("id").GetString() == "llama-3.1-405b-instruct");
        Assert.Equal((5m, 16m), (llama.GetProperty("inputPerMillion").GetDecimal(), llama.GetProperty("outputPerMillion").GetDecimal()));
    }
}
