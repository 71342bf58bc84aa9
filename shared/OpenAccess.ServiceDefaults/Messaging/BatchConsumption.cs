using System.Diagnostics;
using System.Runtime.ExceptionServices;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace OpenAccess.ServiceDefaults.Messaging;

/// <summary>
/// Runs a batch consumer's work so that one bad message does not fail its batch forever. The batch is tried whole; when that
/// throws, its messages are tried one at a time, and each that goes through is marked consumed, which MassTransit's batch
/// collector honours: when the batch then fails, only the messages still unconsumed fault. The retry policy tries the batch
/// again (the messages already consumed are skipped), and a message that fails every time goes to <c>_error</c> with its
/// exception, while the rest of its batch is stored and acknowledged.
/// </summary>
public static class BatchConsumption
{
    public static async Task ConsumeAsync<T>(
        ConsumeContext<Batch<T>> context, Func<IReadOnlyList<ConsumeContext<T>>, Task> consume, ILogger logger, string consumerType)
        where T : class
    {
        var pending = context.Message.Where(m => !m.ReceiveContext.IsDelivered).ToList();
        if (pending.Count == 0) return;
        try
        {
            await consume(pending);
            return;
        }
        catch (Exception e) when (pending.Count > 1 && !context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("A batch of {Count} messages failed ({Reason}); trying them one at a time", pending.Count, e.Message);
        }

        ExceptionDispatchInfo? failure = null;
        foreach (var message in pending)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await consume([message]);
                await message.NotifyConsumed(message, clock.Elapsed, consumerType);
            }
            catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
            {
                failure ??= ExceptionDispatchInfo.Capture(e);
            }
        }

        failure?.Throw();
    }
}
