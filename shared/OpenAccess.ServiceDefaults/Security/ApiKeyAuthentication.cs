using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenAccess.ServiceDefaults.Security;

/// <summary>The SHA-256 (hex) of the admin key, from <c>Gateway:AdminApiKeySha256</c>; null when none is configured.</summary>
public sealed record AdminApiKey(string? Sha256Hex)
{
    public const string Setting = "Gateway:AdminApiKeySha256";

    public bool IsConfigured => !string.IsNullOrEmpty(Sha256Hex);

    /// <exception cref="InvalidOperationException">A hash that is not 64 hex digits, naming the setting.</exception>
    public static AdminApiKey From(string? sha256Hex)
    {
        if (sha256Hex is { Length: > 0 } hash && (hash.Length != 64 || !hash.All(Uri.IsHexDigit)))
            throw new InvalidOperationException($"{Setting} must be 64 hex digits (the SHA-256 of the key).");
        return new AdminApiKey(string.IsNullOrEmpty(sha256Hex) ? null : sha256Hex);
    }
}

/// <summary>
/// Admin routes need the key in <c>X-Api-Key</c>. No key: not authenticated (401). A key: authenticated,
/// with a claim saying whether it is the admin key, so a wrong key is authenticated-but-forbidden (403).
/// Both answers are ProblemDetails saying what is missing. The key is hashed and compared in fixed time;
/// neither the key nor its hash is ever logged. The gateway and the Standalone host share this handler.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AdminApiKey adminKey)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string AdminClaim = "openaccess:admin";
    public const string AdminPolicy = "admin";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrEmpty(values.ToString()))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var isAdmin = IsAdminKey(values.ToString(), adminKey.Sha256Hex);
        var identity = new ClaimsIdentity([new Claim(AdminClaim, isAdmin ? "true" : "false")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        await Results.Problem($"This route is for administrators: send the admin key in the {Header} header.",
            statusCode: StatusCodes.Status401Unauthorized, title: "Admin key required").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var detail = adminKey.IsConfigured
            ? $"The {Header} header does not hold the admin key."
            : $"No admin key is configured ({AdminApiKey.Setting}), so every admin request is refused.";
        await Results.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not the admin key").ExecuteAsync(Context);
    }

    public static bool IsAdminKey(string presented, string? expectedSha256Hex)
    {
        if (string.IsNullOrEmpty(expectedSha256Hex))
        {
            return false;
        }

        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(presentedHash, Convert.FromHexString(expectedSha256Hex));
    }
}
