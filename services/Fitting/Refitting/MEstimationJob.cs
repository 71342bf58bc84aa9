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
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await runner.Start("schedule", refitWhenMUnchanged: false).Completion;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // A host disposed without a stop cancels the token before it marks itself stopping: end quietly, not as a fault.
        }
    }
}
