using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Tests.Catalogues;

namespace OpenAccess.Evaluator.Tests.Costs;

public class EnergyCostCalculatorTests
{
    private static readonly Gpu H100 = CatalogueFiles.Gpus().Get("h100-sxm-80gb");
    private static readonly EnergyRegion UsAverage = CatalogueFiles.EnergyPrices().Get("us-average");
    private static readonly EnergyRegion SanFrancisco = CatalogueFiles.EnergyPrices().Get("us-san-francisco");

    [Theory]
    [InlineData(8, "us-average", "8682.91")]
    [InlineData(8, "us-san-francisco", "18690.34")]
    [InlineData(12, "us-san-francisco", "28035.50")]
    public void A_year_of_H100s_costs_what_the_papers_appendix_says(int gpus, string region, string expected)
    {
        var cost = EnergyCostCalculator.Annual(gpus, H100, CatalogueFiles.EnergyPrices().Get(region));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Money.ToCents(cost.Cost));
    }

    [Fact]
    public void Twelve_H100s_in_the_US_cost_13024_37_not_the_papers_13024_39()
    {
        // 12 × 0.7 kW × 8,760 h = 73,584 kWh; × $0.177 = $13,024.368, which rounds to $13,024.37. The paper prints
        // $13,024.39; the same inputs cannot give it (8 GPUs: 49,056 kWh × 0.177 = 8,682.912 matches the paper).
        var cost = EnergyCostCalculator.Annual(12, H100, UsAverage);

        Assert.Equal(12 * 0.7m * 8_760m, cost.KilowattHours);
        Assert.Equal(73_584m * 0.177m, cost.Cost);
        Assert.Equal(13_024.37m, Money.ToCents(cost.Cost));
    }

    [Fact]
    public void Money_stays_unrounded_until_presentation()
    {
        var cost = EnergyCostCalculator.Annual(8, H100, SanFrancisco);

        Assert.Equal(18_690.336m, cost.Cost);
    }

    [Fact]
    public void A_duty_cycle_scales_the_bill()
    {
        var full = EnergyCostCalculator.Annual(8, H100, UsAverage);
        var half = EnergyCostCalculator.Annual(8, H100, UsAverage, dutyCycle: 0.5m);

        Assert.Equal(full.Cost / 2, half.Cost);
    }

    [Fact]
    public void The_papers_capex_figures_follow_from_the_catalogue_prices()
    {
        var h200 = CatalogueFiles.Gpus().Get("h200-sxm-141gb");

        Assert.Equal(200_000m, HardwareCostCalculator.Capex(H100, 8));   // Llama 3.1 405B in FP8
        Assert.Equal(300_000m, HardwareCostCalculator.Capex(H100, 12));  // ... in FP16 with the 128K cache
        Assert.Equal(256_000m, HardwareCostCalculator.Capex(h200, 8));   // DeepSeek v3 on 8 H200s
        Assert.Null(HardwareCostCalculator.Capex(CatalogueFiles.Gpus().Get("a100-sxm-80gb"), 8));
    }

    [Theory]
    [InlineData(0, 700, "0.177", "GPU count is 0")]
    [InlineData(8, -1, "0.177", "Power per GPU is -1 W")]
    [InlineData(8, 700, "-0.1", "Energy price is -0.1")]
    public void Bad_energy_inputs_are_refused_with_the_reason(int gpus, int watts, string price, string reason)
    {
        var error = Assert.Throws<AccessCalculationException>(() =>
            EnergyCostCalculator.Annual(gpus, watts, decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Contains(reason, error.Message);
    }
}
