using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Tests.Catalogues;

namespace OpenAccess.Evaluator.Tests.Costs;

/// <summary>A figure's name is made only when the figure cannot be held, and then says which figure it was.</summary>
public class FiguresTests
{
    [Fact]
    public void A_figure_that_fits_never_makes_its_name()
    {
        var named = 0;

        var sum = Figures.Checked(() => { named++; return "The sum"; }, () => checked(2 + 3));
        var size = Figures.Bytes(() => { named++; return "The size"; }, 1.5);

        Assert.Equal(5, sum);
        Assert.Equal(2, size.Bytes);
        Assert.Equal(0, named);
    }

    [Fact]
    public void A_figure_that_overflows_is_named_in_the_error()
    {
        var energy = Assert.Throws<AccessCalculationException>(() => EnergyCostCalculator.Annual(2_000_000_000, 700, decimal.MaxValue));
        var gpus = Assert.Throws<AccessCalculationException>(() =>
            GpuCountCalculator.Calculate(new ByteSize(long.MaxValue), CatalogueFiles.Gpus().Get("h100-sxm-80gb") with { MemoryGb = 0.000000001m }, null));
        var weights = Assert.Throws<AccessCalculationException>(() => WeightsMemoryCalculator.Calculate(long.MaxValue, Precision.Fp32));

        Assert.Equal("The yearly energy of 2,000,000,000 GPUs is too large to compute from these inputs.", energy.Message);
        Assert.Equal("The number of h100-sxm-80gb GPUs for 9223372036.85 GB (8589934592.00 GiB) is too large to compute from these inputs.", gpus.Message);
        Assert.StartsWith("The Fp32 weights of 9,223,372,036,854,775,807 parameters is 3.689E+019 bytes, too large to compute", weights.Message);
    }
}
