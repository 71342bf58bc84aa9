using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.ServiceDefaults.Tests;

public sealed class BusOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new BusOptions();
        options.Validate();
        Assert.Equal((64, 50, 1), (options.BatchMessageLimit, options.BatchTimeLimitMilliseconds, options.BatchConcurrencyLimit));
    }

    [Theory]
    [InlineData(0, 50, 2, "OpenAccess:Bus:BatchMessageLimit")]
    [InlineData(200, 0, 2, "OpenAccess:Bus:BatchTimeLimitMilliseconds")]
    [InlineData(200, 50, 0, "OpenAccess:Bus:BatchConcurrencyLimit")]
    [InlineData(40_000, 50, 2, "OpenAccess:Bus:BatchMessageLimit × OpenAccess:Bus:BatchConcurrencyLimit")]
    public void A_batch_setting_out_of_range_names_its_key(int messages, int milliseconds, int concurrency, string key)
    {
        var options = new BusOptions { BatchMessageLimit = messages, BatchTimeLimitMilliseconds = milliseconds, BatchConcurrencyLimit = concurrency };

        var e = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.StartsWith(key, e.Message);
    }
}
