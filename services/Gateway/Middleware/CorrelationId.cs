using System.Diagnostics;

namespace OpenAccess.Gateway.Middleware;

/// <summary>
/// Every request carries an <c>X-Correlation-ID</c> to the backends and back to the client: the caller's
/// own when it sent one, else the trace id, so a user's report leads straight to the trace.
/// </summary>
public static class CorrelationId
{
    public const string Header = "X-Correlation-ID";

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use(next => context =>
        {
            var id = context.Request.Headers[Header];
            if (id.Count != 1 || string.IsNullOrWhiteSpace(id[0]) || id[0]!.Length > 128)
            {
                id = Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
                context.Request.Headers[Header] = id;
            }

            context.Response.Headers[Header] = id;
            return next(context);
        });
}
