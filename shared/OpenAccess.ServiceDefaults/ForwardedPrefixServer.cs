using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OpenAccess.ServiceDefaults;

/// <summary>
/// Behind the gateway a service's paths start with its prefix (<c>/api/lineage</c>…), which the gateway
/// removes and sends as <c>X-Forwarded-Prefix</c>; the document names it as its server so that "try it"
/// in the API reference calls the right address.
/// </summary>
internal sealed class ForwardedPrefixServer(IHttpContextAccessor http) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var prefix = http.HttpContext?.Request.Headers["X-Forwarded-Prefix"].ToString();
        if (!string.IsNullOrEmpty(prefix) && prefix.StartsWith('/'))
        {
            document.Servers = [new OpenApiServer { Url = prefix }];
        }

        return Task.CompletedTask;
    }
}
