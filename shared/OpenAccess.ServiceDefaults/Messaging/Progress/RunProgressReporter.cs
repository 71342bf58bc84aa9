using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenAccess.Contracts;

namespace OpenAccess.ServiceDefaults.Messaging.Progress;

/// <summary>
/// Publishes <see cref="HarvestRunProgress"/> for each run and queue whose count changed, every
/// <see cref="RunProgressOptions.ReportInterval"/>, and once more at shutdown, so the last count of a run is always sent
/// within one interval of its last stored event.
/// </summary>
public sealed class RunProgressReporter(RunProgressCounter counter, IBus bus, RunProgressOptions options,
    ILogger<RunProgressReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ReportInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReportAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await ReportAsync(cancellationToken); // the bus stops after this service (it was registered before it)
        }
        catch (OperationCanceledException)
        {
            // the host would not wait longer; a consumer killed outright loses its last interval's count the same way
        }
    }

    async Task ReportAsync(CancellationToken cancellationToken)
    {
        foreach (var report in counter.TakeChanged())
        {
            try
            {
                await bus.PublishWithinAsync(report, c => c.MessageId = MessageIds.From(nameof(HarvestRunProgress), report.RunId, report.Consumer,
                    report.Instance.ToString("N"), report.Stored.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    options.PublishTimeout, $"the progress of run {report.RunId} on {report.Consumer}", $"{RunProgressOptions.Section}:PublishTimeoutSeconds",
                    logger, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                counter.Untake(report);
                var reason = e is TimeoutException
                    ? $"no confirm from the broker within {options.PublishTimeout} ({RunProgressOptions.Section}:PublishTimeoutSeconds)"
                    : e.Message;
                logger.LogWarning("The progress of run {RunId} on {Queue} ({Stored} stored) could not be reported ({Reason}); it is sent again next time",
                    report.RunId, report.Consumer, report.Stored, reason);
            }
        }
    }
}
