using OpenAccess.Fitting.Extensions;

namespace OpenAccess.Fitting.Refitting;

/// <summary>Re-estimates m every <see cref="FittingOptions.MEstimationInterval"/> and refits the families when it moved.</summary>
public sealed class MEstimationJob(RefitAllRunner runner, FittingOptions options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.FixedM is not null)
            return;
        using var timer = new PeriodicTimer(options.MEstimationInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await runner.Start("schedule", refitWhenMUnchanged: false).Completion;
    }
}
