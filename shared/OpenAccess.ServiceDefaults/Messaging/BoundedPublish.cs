using MassTransit;
using Microsoft.Extensions.Logging;

namespace OpenAccess.ServiceDefaults.Messaging;

/// <summary>
/// A MassTransit publish that ends within a deadline whether or not the publish honours its token. A publish in flight when
/// the broker drops the connection can wait for a confirm that never comes (rabbitmq-dotnet-client#1930), and a token
/// cancelled at the deadline did not always end it: after a broker restart, Lineage's adoption sweep stayed in a publish long
/// past its 10 s and no family was published again (docs/faults.md, found 6 and 7). The publish is given the deadline's token
/// and, besides, is waited for no longer than the deadline; one left behind is cancelled, observed, and its end logged at Debug.
/// </summary>
public static class BoundedPublish
{
    /// <summary>
    /// Publishes <paramref name="message"/>; past <paramref name="timeout"/>, a <see cref="TimeoutException"/> naming
    /// <paramref name="what"/> was published and the <paramref name="setting"/> that bounds it.
    /// </summary>
    public static async Task PublishWithinAsync<T>(this IBus bus, T message, Action<PublishContext<T>> configure, TimeSpan timeout,
        string what, string setting, ILogger logger, CancellationToken cancellationToken) where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var publish = bus.Publish(message, configure, deadline.Token);
        try
        {
            await publish.WaitAsync(timeout, cancellationToken);
        }
        catch (Exception e)
        {
            // Past the deadline: the wait's own timer, or the publish ending on the deadline's token (not the caller's).
            var late = e is TimeoutException || (e is OperationCanceledException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested);
            if (publish.IsCompleted)
            {
                _ = publish.Exception; // observed, whatever ended it
            }
            else
            {
                // Cancelled before the token source is disposed with its timer, which may not have fired yet: a publish that
                // honours its token ends now rather than waiting for good.
                deadline.Cancel();
                Abandon(publish, what, logger);
            }

            if (late) throw new TimeoutException($"The broker did not confirm {what} within {timeout} ({setting})", e);
            throw;
        }
    }

    static void Abandon(Task publish, string what, ILogger logger) =>
        publish.ContinueWith(t => logger.LogDebug(t.Exception, "The publish of {What}, given up at its deadline, ended: {Status}", what, t.Status),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
