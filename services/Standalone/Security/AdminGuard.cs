using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using OpenAccess.ServiceDefaults.Security;

namespace OpenAccess.Standalone.Security;

/// <summary>
/// What the gateway does with its admin routes, in one process: a request matching <see cref="AdminRoutes"/> goes on only
/// with the admin key (401 without a key, 403 with another), by the same policy and key handler as the gateway's.
/// </summary>
public static class AdminGuard
{
    public static IApplicationBuilder UseAdminGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (AdminRoutes.IsAdmin(context.Request.Method, context.Request.Path))
        {
            var services = context.RequestServices;
            var policy = (await services.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(ApiKeyAuthenticationHandler.AdminPolicy))!;
            var evaluator = services.GetRequiredService<IPolicyEvaluator>();
            var authorized = await evaluator.AuthorizeAsync(policy, await evaluator.AuthenticateAsync(policy, context), context, resource: null);
            if (authorized.Challenged)
            {
                await context.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName);
                return;
            }

            if (authorized.Forbidden)
            {
                await context.ForbidAsync(ApiKeyAuthenticationHandler.SchemeName);
                return;
            }
        }

        await next(context);
    });
}
