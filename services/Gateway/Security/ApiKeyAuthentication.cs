using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenAccess.Gateway.Extensions;

namespace OpenAccess.Gateway.Security;

/// <summary>
/// Admin routes need the key in <c>X-Api-Key</c>. No key: not authenticated (401). A key: authenticated,
/// with a claim saying whether it is the admin key, so a wrong key is authenticated-but-forbidden (403).
/// The key is hashed and compared in fixed time; neither the key nor its hash is ever logged.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, GatewayOptions gateway)
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

        var isAdmin = IsAdminKey(values.ToString(), gateway.AdminApiKeySha256);
        var identity = new ClaimsIdentity([new Claim(AdminClaim, isAdmin ? "true" : "false")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
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
