using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace OpenAccess.Gateway.Extensions;

/// <summary>
/// The dashboard: plain HTML pages, ES modules and the vendored chart library from the host's web root.
/// Internal on purpose: the Standalone host compiles this same file (linked) and copies the same wwwroot,
/// so both hosts serve one copy of the dashboard without referencing each other.
/// </summary>
static class DashboardExtensions
{
    // Vendored libraries carry their version in the path, so a new version is a new URL.
    const string VendorPrefix = "/vendor/";
    const string ImmutableCache = "public, max-age=31536000, immutable";
    // Pages and scripts change with every deployment: the browser keeps them but asks again (ETag / Last-Modified).
    const string RevalidateCache = "no-cache";

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var files = app.Environment.WebRootFileProvider;
        if (files is NullFileProvider || !files.GetFileInfo("index.html").Exists)
        {
            app.Logger.LogWarning("No dashboard: {WebRoot} has no index.html.", app.Environment.WebRootPath ?? "(no web root)");
            return app;
        }

        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript";
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = types,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.CacheControl] = context.Context.Request.Path.StartsWithSegments(VendorPrefix.TrimEnd('/'))
                    ? ImmutableCache
                    : RevalidateCache;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
            },
        });
        return app;
    }
}
