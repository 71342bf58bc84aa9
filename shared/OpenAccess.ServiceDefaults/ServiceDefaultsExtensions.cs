using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;
using OpenAccess.ServiceDefaults.Telemetry;

namespace OpenAccess.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>Tag of the health checks <c>/health/ready</c> runs (broker, stores).</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Tracing, metrics, health checks, the message bus and storage wiring for one process.
    /// <paramref name="processName"/> names the process in traces (e.g. <c>lineage</c>, <c>standalone</c>).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string processName)
    {
        builder.AddOpenAccessTelemetry(processName);
        builder.Services.AddHealthChecks();
        builder.AddOpenAccessBus();
        builder.AddOpenAccessStorage();
        builder.Services.AddProblemDetails();
        // Bodies that cannot be read throw, so that JsonBodyProblems can name the field and what it accepts.
        builder.Services.PostConfigure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<JsonBodyProblems>();
        builder.Services.Configure<ProblemDetailsOptions>(o => o.CustomizeProblemDetails += JsonBodyProblems.DescribeUnsupportedMediaType);
        // Any other bad request keeps its own status (400, 413, 415…) rather than becoming a 500, and, being the
        // client's error, is not logged as a server failure with its stack.
        builder.Services.Configure<ExceptionHandlerOptions>(o =>
        {
            o.StatusCodeSelector ??= e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            o.SuppressDiagnosticsCallback ??= c => c.Exception is BadHttpRequestException;
        });
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<ForwardedPrefixServer>());
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddBindingProblems();
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c> (the process answers), <c>/health/ready</c> (broker and stores reachable) and the
    /// process's OpenAPI document at <c>/openapi/v1.json</c>.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        return app;
    }
}
