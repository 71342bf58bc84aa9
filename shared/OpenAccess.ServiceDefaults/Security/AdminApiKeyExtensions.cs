using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace OpenAccess.ServiceDefaults.Security;

public static class AdminApiKeyExtensions
{
    /// <summary>The <c>ApiKey</c> scheme and the <c>admin</c> policy that needs the admin key.</summary>
    public static IServiceCollection AddAdminApiKey(this IServiceCollection services, AdminApiKey key)
    {
        services.AddSingleton(key);
        // No default scheme, not even the automatic one for a single scheme: only the admin policy
        // authenticates, so a read never runs the key handler.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyAuthenticationHandler.AdminPolicy, p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireClaim(ApiKeyAuthenticationHandler.AdminClaim, "true"));
        return services;
    }
}
