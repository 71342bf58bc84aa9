namespace OpenAccess.Harvester.Publishing;

/// <summary>
/// Keeps at most <c>maxInFlight</c> publishes awaiting their confirm: the next one starts when the oldest is confirmed
/// (confirms come back in order), so the broker always has work without the client's confirm throttle kicking in.
/// </summary>
public sealed class PublishWindow(int maxInFlight)
{
    readonly Queue<Task> inFlight = new(maxInFlight);

    public async ValueTask AddAsync(Task publish)
    {
        if (inFlight.Count == maxInFlight)
        {
            await inFlight.Dequeue();
        }

        inFlight.Enqueue(publish);
    }

    /// <summary>Waits for every publish still out; throws the first failure.</summary>
    public async Task DrainAsync()
    {
        var rest = inFlight.ToArray();
        inFlight.Clear();
        await Task.WhenAll(rest);
    }
}
