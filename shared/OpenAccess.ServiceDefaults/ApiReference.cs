using Microsoft.AspNetCore.Builder;
using Scalar.AspNetCore;

namespace OpenAccess.ServiceDefaults;

/// <summary>One OpenAPI document a browsable reference shows: its name, title and where it is served.</summary>
public sealed record ApiDocument(string Name, string Title, string Route);

public static class ApiReference
{
    /// <summary>The services' API documents for the four services behind <c>/api/&lt;service&gt;</c>.</summary>
    public static readonly ApiDocument[] ServiceDocuments =
    [
        new("lineage", "Lineage", "/api/lineage/openapi/v1.json"),
        new("fitting", "Fitting", "/api/fitting/openapi/v1.json"),
        new("access", "Access (Evaluator)", "/api/access/openapi/v1.json"),
        new("harvest", "Harvester", "/api/harvest/openapi/v1.json"),
    ];

    /// <summary>A browsable API reference (Scalar, served from this process, no CDN) at <c>/docs</c>.</summary>
    public static WebApplication MapApiReference(this WebApplication app, params ApiDocument[] documents)
    {
        // Absolute addresses: the reference page lives at /docs/ and would resolve a relative one under it.
        app.MapScalarApiReference("/docs", (options, context) =>
        {
            options.WithTitle("OpenAccess API");
            var origin = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
            foreach (var (document, index) in documents.Select((d, i) => (d, i)))
            {
                options.AddDocument(document.Name, document.Title, origin + document.Route, isDefault: index == 0);
            }
        });
        return app;
    }
}
