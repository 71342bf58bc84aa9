namespace OpenAccess.Lineage.Replicas;

/// <summary>What one Lineage process is among its replicas (docs/lineage.md, "Read replicas").</summary>
public enum ReplicaMode
{
    /// <summary>The only Lineage process: consumes the Harvester's events, writes the store, publishes adoption series. The default.</summary>
    Single,

    /// <summary>As <see cref="Single"/>, and after each store write it tells the readers which records changed.</summary>
    Writer,

    /// <summary>Loads the graph from the writer's store and follows the writer's changes; writes and publishes nothing.</summary>
    Reader,
}

/// <summary>Bound from <c>OpenAccess:Lineage:Replicas</c>; validated at start-up.</summary>
public sealed class ReplicaOptions
{
    public const string Section = "OpenAccess:Lineage:Replicas";

    /// <summary>Single (the default), Writer or Reader.</summary>
    public ReplicaMode Mode { get; set; } = ReplicaMode.Single;

    /// <summary>
    /// This replica's name, which names its queue (<c>lineage-replica-{Instance}</c>): unique among the readers of one broker.
    /// Kubernetes sets HOSTNAME to the pod's name, which is what an unset Instance takes.
    /// </summary>
    public string? Instance { get; set; }

    /// <summary>
    /// How long a reader's queue outlives its last consumer (RabbitMQ's <c>x-expires</c>): long enough to ride out a dropped
    /// connection or a broker restart, after which a dead reader's queue goes. A reader away from its queue for half of it or
    /// more stops itself, since its queue may have expired meanwhile. 10 minutes by default.
    /// </summary>
    public TimeSpan QueueExpiry { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Characters RabbitMQ allows in a queue name, less the prefix and the suffix MassTransit adds for the error queue.</summary>
    const int MaxInstanceLength = 200;

    /// <summary>The reader's queue.</summary>
    public string QueueName => $"lineage-replica-{Instance}";

    /// <summary>Takes the instance name from HOSTNAME when none is set, then checks every setting; a bad one names its key.</summary>
    public ReplicaOptions Resolve(string? hostName)
    {
        if (!Enum.IsDefined(Mode))
        {
            throw new InvalidOperationException($"{Section}:Mode must be Single, Writer or Reader, not {(int)Mode}.");
        }

        if (string.IsNullOrWhiteSpace(Instance))
        {
            Instance = hostName;
        }

        if (Mode == ReplicaMode.Reader)
        {
            if (string.IsNullOrWhiteSpace(Instance))
            {
                throw new InvalidOperationException($"{Section}:Instance must name this reader (or HOSTNAME be set): it names the reader's own queue.");
            }

            Instance = Instance.Trim().ToLowerInvariant();
            if (Instance.Length > MaxInstanceLength || !Instance.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new InvalidOperationException(
                    $"{Section}:Instance must be at most {MaxInstanceLength} letters, digits, '-', '_' or '.', not '{Instance[..Math.Min(Instance.Length, 60)]}'.");
            }
        }

        if (QueueExpiry < TimeSpan.FromSeconds(1) || QueueExpiry > TimeSpan.FromDays(7))
        {
            throw new InvalidOperationException($"{Section}:QueueExpiry must be from 00:00:01 to 7.00:00:00, not {QueueExpiry}.");
        }

        return this;
    }
}
