using OpenAccess.Lineage.Extensions;

namespace OpenAccess.Lineage.Tests;

public sealed class LineageOptionsTests
{
    [Theory]
    [InlineData(nameof(LineageOptions.MaxDepth))]
    [InlineData(nameof(LineageOptions.MaxParents))]
    [InlineData(nameof(LineageOptions.MaxIdLength))]
    [InlineData(nameof(LineageOptions.MaxAncestorPaths))]
    [InlineData(nameof(LineageOptions.MaxSeriesPoints))]
    public void A_limit_of_zero_fails_start_up_naming_its_key(string key)
    {
        var options = new LineageOptions();
        typeof(LineageOptions).GetProperty(key)!.SetValue(options, 0);

        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains($"OpenAccess:Lineage:{key}", error.Message);
    }

    [Fact]
    public void The_defaults_are_valid_and_documented_values()
    {
        var options = new LineageOptions();
        options.Validate();
        Assert.Equal((256, 256, 200, 100, 1000), (options.MaxDepth, options.MaxParents, options.MaxIdLength, options.MaxAncestorPaths, options.MaxSeriesPoints));
        Assert.Equal(new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero), options.EarliestCreatedAt);
        Assert.Equal(TimeSpan.FromDays(1), options.FutureCreatedAtTolerance);
    }

    [Theory]
    [InlineData(nameof(OpenAccess.Lineage.Graph.InferenceSettings.MaxNameMatches))]
    [InlineData(nameof(OpenAccess.Lineage.Graph.InferenceSettings.MaxShapeMatches))]
    [InlineData(nameof(OpenAccess.Lineage.Graph.InferenceSettings.MaxNameTokens))]
    [InlineData(nameof(OpenAccess.Lineage.Graph.InferenceSettings.MaxCandidates))]
    [InlineData(nameof(OpenAccess.Lineage.Graph.InferenceSettings.MaxCycleWalk))]
    public void A_recovery_limit_of_zero_fails_start_up_naming_its_key(string key)
    {
        var options = new LineageOptions();
        typeof(OpenAccess.Lineage.Graph.InferenceSettings).GetProperty(key)!.SetValue(options.Inference, 0);

        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains($"OpenAccess:Lineage:Inference:{key}", error.Message);
    }

    [Fact]
    public void A_recovery_interval_of_zero_fails_start_up_naming_its_key()
    {
        var options = new LineageOptions { Inference = { Interval = TimeSpan.Zero } };

        Assert.Contains("OpenAccess:Lineage:Inference:Interval", Assert.Throws<InvalidOperationException>(options.Validate).Message);
        Assert.Equal((true, TimeSpan.FromMinutes(1), 20), (new LineageOptions().Inference.Enabled, new LineageOptions().Inference.Interval, new LineageOptions().Inference.MaxNameMatches));
    }

    [Fact]
    public void A_recovery_delay_shorter_than_its_interval_fails_start_up_naming_its_key()
    {
        var options = new LineageOptions { Inference = { Interval = TimeSpan.FromMinutes(5), MaxDelay = TimeSpan.FromMinutes(1) } };

        Assert.Contains("OpenAccess:Lineage:Inference:MaxDelay", Assert.Throws<InvalidOperationException>(options.Validate).Message);
        Assert.Equal(TimeSpan.FromMinutes(10), new LineageOptions().Inference.MaxDelay);
    }
}
