using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Tests.Catalogues;

public class CatalogueValidationTests
{
    private const string GoodGpu = """{ "id": "x1", "name": "X1", "memoryGb": 80, "tdpWatts": 700, "priceUsd": null, "source": "datasheet" }""";

    [Fact]
    public void The_shipped_GPU_catalogue_has_the_papers_H100_and_H200()
    {
        var gpus = CatalogueFiles.Gpus();
        var h100 = gpus.Get("h100-sxm-80gb");
        var h200 = gpus.Get("h200-sxm-141gb");

        Assert.Equal((80m, 700, 25_000m), (h100.MemoryGb, h100.TdpWatts, h100.PriceUsd));
        Assert.Equal((141m, 700, 32_000m), (h200.MemoryGb, h200.TdpWatts, h200.PriceUsd));
        Assert.Equal(6, gpus.All.Count);
    }

    [Fact]
    public void Prices_nobody_published_stay_null_and_every_given_price_names_its_source()
    {
        var gpus = CatalogueFiles.Gpus();

        Assert.Equal(["a100-sxm-80gb", "l40s-48gb", "mi300x-192gb"], gpus.All.Where(g => g.PriceUsd is null).Select(g => g.Id));
        Assert.All(gpus.All.Where(g => g.PriceUsd is not null), g => Assert.False(string.IsNullOrWhiteSpace(g.PriceSource)));
        Assert.All(gpus.All, g => Assert.False(string.IsNullOrWhiteSpace(g.Source)));
    }

    [Fact]
    public void The_shipped_energy_and_API_catalogues_carry_the_papers_prices()
    {
        var energy = CatalogueFiles.EnergyPrices();
        var api = CatalogueFiles.ApiPrices();

        Assert.Equal(0.177m, energy.Get("us-average").PricePerKwhUsd);
        Assert.Equal(0.381m, energy.Get("us-san-francisco").PricePerKwhUsd);
        Assert.Equal((5m, 16m), (api.Get("llama-3.1-405b-instruct").InputPerMillion, api.Get("llama-3.1-405b-instruct").OutputPerMillion));
        Assert.Equal((0.27m, 0.07m, 1.10m), (api.Get("deepseek-v3").InputPerMillion, api.Get("deepseek-v3").CachedInputPerMillion, api.Get("deepseek-v3").OutputPerMillion));
        Assert.Equal((10m, 30m), (api.Get("gpt-4").InputPerMillion, api.Get("gpt-4").OutputPerMillion));
        Assert.Equal((3m, 15m), (api.Get("claude-3.5-sonnet").InputPerMillion, api.Get("claude-3.5-sonnet").OutputPerMillion));
    }

    [Theory]
    [InlineData("""{ "id": "bad", "name": "B", "memoryGb": -8, "tdpWatts": 700, "source": "s" }""", "bad", "'memoryGb' is -8; it must be positive")]
    [InlineData("""{ "id": "bad", "name": "B", "memoryGb": 8, "tdpWatts": 0, "source": "s" }""", "bad", "'tdpWatts' is 0; it must be positive")]
    [InlineData("""{ "id": "bad", "name": "B", "memoryGb": 8, "tdpWatts": 70, "priceUsd": -1, "priceSource": "s", "source": "s" }""", "bad", "a price cannot be negative")]
    [InlineData("""{ "id": "bad", "name": "B", "memoryGb": 8, "tdpWatts": 70, "priceUsd": 100, "source": "s" }""", "bad", "without a 'priceSource'")]
    [InlineData("""{ "id": "bad", "name": "B", "memoryGb": 8, "tdpWatts": 70 }""", "bad", "'source' is missing")]
    [InlineData("""{ "id": "bad", "name": "B", "memoryGb": "lots", "tdpWatts": 70, "source": "s" }""", "bad", "'memoryGb' must be a number")]
    [InlineData("""{ "name": "B", "memoryGb": 8, "tdpWatts": 70, "source": "s" }""", "#1", "'id' is missing")]
    [InlineData(GoodGpu, "x1", "occurs more than once")]
    public void A_bad_GPU_entry_fails_naming_the_file_and_the_entry(string secondEntry, string entry, string reason)
    {
        var json = $$"""{ "entries": [ {{GoodGpu}}, {{secondEntry}} ] }""";

        var error = Assert.Throws<CatalogueValidationException>(() => GpuCatalogue.Parse(json, "gpus.json"));

        Assert.Equal("gpus.json", error.File);
        Assert.Equal(entry, error.Entry);
        Assert.Contains(reason, error.Message);
        Assert.StartsWith($"Catalogue 'gpus.json', entry '{entry}'", error.Message);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("""[ ]""", "'entries' array")]
    [InlineData("""{ "entries": [] }""", "empty")]
    public void A_malformed_file_fails_naming_the_file(string json, string reason)
    {
        var error = Assert.Throws<CatalogueValidationException>(() => EnergyPriceCatalogue.Parse(json, "energy-prices.json"));

        Assert.Equal("energy-prices.json", error.File);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_negative_energy_or_API_price_is_refused()
    {
        var energy = """{ "entries": [ { "id": "mars", "name": "Mars", "pricePerKwhUsd": -0.1, "asOf": "2024-08", "source": "s" } ] }""";
        var api = """{ "entries": [ { "id": "m", "model": "M", "inputPerMillionUsd": 1, "outputPerMillionUsd": -2, "asOf": "2025", "source": "s" } ] }""";

        Assert.Contains("'pricePerKwhUsd' is -0.1", Assert.Throws<CatalogueValidationException>(() => EnergyPriceCatalogue.Parse(energy, "energy-prices.json")).Message);
        Assert.Equal("m", Assert.Throws<CatalogueValidationException>(() => ApiPriceCatalogue.Parse(api, "api-prices.json")).Entry);
    }

    [Fact]
    public void An_unknown_GPU_id_is_a_domain_error_listing_the_known_ones()
    {
        var error = Assert.Throws<AccessCalculationException>(() => CatalogueFiles.Gpus().Get("tpu-v5"));

        Assert.Contains("Unknown GPU id 'tpu-v5'", error.Message);
        Assert.Contains("h100-sxm-80gb", error.Message);
    }
}
