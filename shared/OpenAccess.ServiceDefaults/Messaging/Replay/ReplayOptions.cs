namespace OpenAccess.ServiceDefaults.Messaging.Replay;

/// <summary>Bound from <c>OpenAccess:Replay</c>: how a replay of current state to one queue is paced.</summary>
public sealed class ReplayOptions
{
    public const string Section = "OpenAccess:Replay";

    /// <summary>
    /// Messages of a replay sent and awaiting the broker's confirm at once: 48 by default, under the confirm limiter of
    /// RabbitMQ.Client 7 (it sleeps once more than 64 a channel are unconfirmed), as <c>OpenAccess:Harvester:Publish:MaxInFlight</c>.
    /// </summary>
    public int MaxInFlight { get; set; } = 48;

    /// <summary>Finished replays whose status is kept in memory for <c>GET /replays/{id}</c>, newest first: 100 by default.</summary>
    public int KeepFinished { get; set; } = 100;

    public void Validate()
    {
        if (MaxInFlight is < 1 or > 10_000) throw new InvalidOperationException($"{Section}:MaxInFlight must be between 1 and 10000 (got {MaxInFlight}).");
        if (KeepFinished is < 1 or > 100_000) throw new InvalidOperationException($"{Section}:KeepFinished must be between 1 and 100000 (got {KeepFinished}).");
    }
}
