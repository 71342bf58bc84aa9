using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.ServiceDefaults.Tests;

public sealed class BusOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new BusOptions();
        options.Validate();
        Assert.Equal((4, 1), (options.BatchEventPrefetchCount, options.BatchConcurrencyLimit));
    }

    [Theory]
    [InlineData(0, 2, "OpenAccess:Bus:BatchEventPrefetchCount")]
    [InlineData(4, 0, "OpenAccess:Bus:BatchConcurrencyLimit")]
    [InlineData(70_000, 2, "OpenAccess:Bus:BatchEventPrefetchCount and OpenAccess:Bus:BatchConcurrencyLimit")]
    public void A_batch_setting_out_of_range_names_its_key(int prefetch, int concurrency, string key)
    {
        var options = new BusOptions { BatchEventPrefetchCount = prefetch, BatchConcurrencyLimit = concurrency };

        var e = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.StartsWith(key, e.Message);
    }
}
