using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpenAccess.ServiceDefaults.Events;

public static class AsyncApiEndpoints
{
    public const string Route = "/asyncapi.json";

    /// <summary>The events' AsyncAPI document at <c>/asyncapi.json</c> (docs/events.md): the gateway and the Standalone host map it.</summary>
    public static IEndpointRouteBuilder MapAsyncApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, () => Results.Bytes(AsyncApiDocument.Json, "application/json"))
            .ExcludeFromDescription();
        return app;
    }
}
