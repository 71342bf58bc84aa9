using OpenAccess.ServiceDefaults.Security;

namespace OpenAccess.Gateway.Extensions;

/// <summary>Bound from <c>Gateway</c>; validated at start-up, naming the key at fault.</summary>
public sealed class GatewayOptions
{
    /// <summary>Largest request body the gateway accepts, in bytes. Snapshot uploads of the whole Hub are large: 4 GiB by default.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4L << 30;

    /// <summary>
    /// SHA-256 (hex) of the admin API key that admin routes require in the <c>X-Api-Key</c> header.
    /// Give the hash, not the key, so the configuration never holds the secret itself
    /// (<c>printf %s "$KEY" | sha256sum</c>). Without it every admin request is refused.
    /// </summary>
    public string? AdminApiKeySha256 { get; set; }

    /// <summary>Requests one client (by address) may make per window on the read routes.</summary>
    public int RateLimitPermits { get; set; } = 600;

    public int RateLimitWindowSeconds { get; set; } = 60;

    /// <summary>Origins allowed to call the API from a browser (dashboards served elsewhere); empty for none.</summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>Longest a proxied read request may take, in seconds.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Run socket completions on the socket engine's threads instead of queueing each to the thread pool: fewer
    /// thread hops per proxied request (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, measured in docs/gateway.md).
    /// Safe only while nothing on the request path blocks a thread; set it to false before adding anything that does.
    /// </summary>
    public bool InlineSocketCompletions { get; set; } = true;

    public void Validate()
    {
        if (MaxRequestBodyBytes <= 0) throw new InvalidOperationException("Gateway:MaxRequestBodyBytes must be positive.");
        AdminApiKey.From(AdminApiKeySha256);
        if (RateLimitPermits <= 0) throw new InvalidOperationException("Gateway:RateLimitPermits must be positive.");
        if (RateLimitWindowSeconds <= 0) throw new InvalidOperationException("Gateway:RateLimitWindowSeconds must be positive.");
        if (RequestTimeoutSeconds <= 0) throw new InvalidOperationException("Gateway:RequestTimeoutSeconds must be positive.");
        foreach (var origin in CorsOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out _)) throw new InvalidOperationException($"Gateway:CorsOrigins: '{origin}' is not an absolute origin.");
        }
    }
}
