namespace OpenAccess.Fitting.Tests.Service;

/// <summary>A bad setting stops the service at start-up and names the key to fix.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("OpenAccess:Fitting:M", "sometimes")]
    [InlineData("OpenAccess:Fitting:M", "-3")]
    [InlineData("OpenAccess:Fitting:ForecastHorizonMonths", "0")]
    [InlineData("OpenAccess:Fitting:ForecastHorizonMonths", "twelve")]
    [InlineData("OpenAccess:Fitting:MEstimationInterval", "00:00:00")]
    [InlineData("OpenAccess:Fitting:BootstrapReplicates", "5")]
    [InlineData("OpenAccess:Fitting:Outliers:MinimumRSquared", "1.5")]
    [InlineData("OpenAccess:Fitting:Outliers:JumpThreshold", "0")]
    public async Task A_bad_setting_fails_start_up_naming_the_key(string key, string value)
    {
        await using var factory = new InMemoryFittingFactory(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(key, Flatten(error), StringComparison.OrdinalIgnoreCase);
    }

    static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
