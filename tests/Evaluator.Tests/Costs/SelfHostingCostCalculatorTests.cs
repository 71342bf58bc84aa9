using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Tests.Catalogues;

namespace OpenAccess.Evaluator.Tests.Costs;

public class SelfHostingCostCalculatorTests
{
    // The paper's Appendix A: 8 GPUs at $8.25 per GPU-hour (Hugging Face's cheapest offer), Llama 3.1 405B Instruct FP8
    // answering a 500-token-in, 100-token-out request in 5 seconds.
    private static readonly RequestProfile PaperRequest = new(500, 100);
    private static SelfHostingCost PaperDeployment() => SelfHostingCostCalculator.FromLatency(8, 8.25m, PaperRequest, 5m);

    [Fact]
    public void The_papers_deployment_costs_0_0917_a_request_1584_a_day_578160_a_year()
    {
        var cost = PaperDeployment();

        // 8 × $8.25 = $66 an hour; 5 s of it = 66 × 5 / 3,600 = $0.091666…
        Assert.Equal(66m, cost.HourlyCost);
        Assert.Equal(0.0917m, Math.Round(cost.CostPerRequest, 4));
        Assert.Equal(1_584m, cost.DailyCost);
        Assert.Equal(578_160m, cost.AnnualCost);
        Assert.Equal(720m, cost.RequestsPerHour);
    }

    [Fact]
    public void Per_million_input_tokens_it_is_183_33_the_paper_prints_18_34_a_factor_ten_slip()
    {
        var cost = PaperDeployment();

        // $0.091666… per 500 input tokens × 2,000 = $183.33 per million. The paper's $18.34 is 0.0917 × 2,000 = 183.40
        // divided by ten: off by a factor of ten (and computed from the already rounded 0.0917).
        Assert.Equal(183.33m, Money.ToCents(cost.CostPerMillionInputTokens));
        Assert.Equal(10m, Math.Round(Money.ToCents(cost.CostPerMillionInputTokens) / 18.34m, 0));
        // Spread over all 600 tokens of the request: $152.78 per million.
        Assert.Equal(152.78m, Money.ToCents(cost.CostPerMillionTokens));
    }

    [Fact]
    public void The_same_request_costs_0_0041_through_the_405B_API()
    {
        var api = CatalogueFiles.ApiPrices().Get("llama-3.1-405b-instruct");

        // 500 × $5 / 1M + 100 × $16 / 1M = $0.0025 + $0.0016.
        Assert.Equal(0.0041m, api.CostPerRequest(PaperRequest));
    }

    [Fact]
    public void Serving_one_request_at_a_time_the_papers_deployment_never_breaks_even_with_the_API()
    {
        var api = CatalogueFiles.ApiPrices().Get("llama-3.1-405b-instruct");

        var breakEven = BreakEvenCalculator.Calculate(PaperDeployment(), api.CostPerRequest(PaperRequest));

        // u* = 0.091666… / 0.0041 = 22.36: it would have to be busy 22 times over, i.e. batch at least 23 requests at once.
        Assert.Equal(22.36m, Math.Round(breakEven.Utilisation, 2));
        Assert.False(breakEven.Achievable);
        Assert.Equal(16_097.56m, Math.Round(breakEven.RequestsPerHour, 2)); // $66 / $0.0041
    }

    [Fact]
    public void Batching_32_requests_breaks_even_at_70_percent_utilisation()
    {
        var api = CatalogueFiles.ApiPrices().Get("llama-3.1-405b-instruct");
        var batched = SelfHostingCostCalculator.FromLatency(8, 8.25m, PaperRequest, 5m, concurrentRequests: 32);

        var breakEven = BreakEvenCalculator.Calculate(batched, api.CostPerRequest(PaperRequest));

        // 22.36 / 32 = 0.6987.
        Assert.Equal(0.70m, Math.Round(breakEven.Utilisation, 2));
        Assert.True(breakEven.Achievable);
    }

    [Fact]
    public void DeepSeek_charges_the_cache_hit_price_for_cached_prompts()
    {
        var deepSeek = CatalogueFiles.ApiPrices().Get("deepseek-v3");

        // Miss: 500 × 0.27 + 100 × 1.10 = 245 µ$; hit: 500 × 0.07 + 100 × 1.10 = 145 µ$.
        Assert.Equal(0.000245m, deepSeek.CostPerRequest(PaperRequest));
        Assert.Equal(0.000145m, deepSeek.CostPerRequest(PaperRequest, cacheHit: true));
        Assert.Throws<AccessCalculationException>(() => CatalogueFiles.ApiPrices().Get("gpt-4").CostPerRequest(PaperRequest, cacheHit: true));
    }

    [Fact]
    public void At_a_sustained_throughput_the_cost_per_million_tokens_follows_from_the_hourly_price()
    {
        // $66 an hour at 1,000 tokens/s = 3.6 M tokens an hour: $18.33 per million.
        Assert.Equal(18.33m, Money.ToCents(SelfHostingCostCalculator.CostPerMillionTokens(8, 8.25m, 1_000m)));
    }

    [Theory]
    [InlineData(0, "8.25", "5", "GPU count is 0")]
    [InlineData(8, "8.25", "0", "Seconds per request is 0")]
    [InlineData(8, "-1", "5", "GPU-hour price is -1")]
    public void Bad_deployment_inputs_are_refused_with_the_reason(int gpus, string price, string seconds, string reason)
    {
        var error = Assert.Throws<AccessCalculationException>(() => SelfHostingCostCalculator.FromLatency(
            gpus, decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), PaperRequest,
            decimal.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Contains(reason, error.Message);
    }
}
