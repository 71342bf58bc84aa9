namespace OpenAccess.ServiceDefaults.Messaging.Progress;

/// <summary>Bound from <c>OpenAccess:Bus:QueueDepth</c>.</summary>
public sealed class QueueDepthOptions
{
    public const string Section = "OpenAccess:Bus:QueueDepth";

    /// <summary>
    /// Seconds between two readings of the depth of this process's consumer queues and their <c>_error</c> queues on
    /// RabbitMQ (one passive declare a queue, on a connection of its own): 15 by default; 0 turns the gauge off.
    /// </summary>
    public int IntervalSeconds { get; set; } = 15;

    public void Validate()
    {
        if (IntervalSeconds is < 0 or > 86_400)
            throw new InvalidOperationException($"{Section}:IntervalSeconds must be between 0 (off) and 86400 (got {IntervalSeconds}).");
    }
}
