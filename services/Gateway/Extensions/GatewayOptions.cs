namespace OpenAccess.Gateway.Extensions;

/// <summary>Bound from <c>Gateway</c>; validated at start-up.</summary>
public sealed class GatewayOptions
{
    /// <summary>Largest request body the gateway accepts, in bytes. Snapshot uploads of the whole Hub are large: 4 GiB by default.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4L << 30;

    public void Validate()
    {
        if (MaxRequestBodyBytes <= 0)
        {
            throw new InvalidOperationException("Gateway:MaxRequestBodyBytes must be positive.");
        }
    }
}
