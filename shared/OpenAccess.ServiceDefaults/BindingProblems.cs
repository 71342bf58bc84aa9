using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OpenAccess.ServiceDefaults;

/// <summary>
/// A minimal API parameter that cannot be bound (<c>?limit=1e9</c> for an <c>int?</c>) throws
/// <see cref="BadHttpRequestException"/> once <c>RouteHandlerOptions.ThrowOnBadRequest</c> is on; left to the framework
/// that is a bare 400 in Production and a 500 in Development. This answers it with its own status and a ProblemDetails
/// naming the parameter and what it accepts. It is the last handler: one registered before it (such as
/// <c>JsonBodyProblems</c> for JSON bodies) answers first, and any other bad request gets the framework's own reason.
/// </summary>
internal sealed partial class BindingProblems : IExceptionHandler
{
    // A value is echoed back in the answer; a long one is cut.
    const int MaxShown = 64;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted) return false;
        await TypedResults.Problem(Describe(bad), statusCode: bad.StatusCode, title: "Bad request").ExecuteAsync(httpContext);
        return true;
    }

    static string Describe(BadHttpRequestException e)
    {
        var failed = FailedToBind().Match(e.Message);
        if (!failed.Success) return e.Message;
        var value = failed.Groups["value"].Value;
        return $"'{failed.Groups["name"].Value}' must be {Expected(failed.Groups["type"].Value)}, not '{(value.Length > MaxShown ? value[..MaxShown] + "…" : value)}'.";
    }

    /// <summary>What a value of the parameter's type (as the framework names it: <c>Nullable&lt;int&gt;</c>, <c>DateTimeOffset</c>) must be, in a client's words.</summary>
    static string Expected(string type) => (type.StartsWith("Nullable<", StringComparison.Ordinal) ? type[9..^1] : type.TrimEnd('?')) switch
    {
        "int" => $"a whole number from {int.MinValue} to {int.MaxValue}",
        "long" => $"a whole number from {long.MinValue} to {long.MaxValue}",
        "short" => $"a whole number from {short.MinValue} to {short.MaxValue}",
        "uint" or "ulong" or "ushort" or "byte" => "a whole number from 0",
        "double" or "float" or "decimal" => "a number",
        "bool" => "true or false",
        "DateTime" or "DateTimeOffset" or "DateOnly" => "a date such as 2024-01-31",
        "Guid" => "a GUID",
        var other => $"a value of type {other}",
    };

    // The framework's words (RequestDelegateFactory): Failed to bind parameter "int? limit" from "1e9".
    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();
}

public static class BindingProblemsExtensions
{
    /// <summary>Parameters that cannot be bound throw, so that <see cref="BindingProblems"/> can say which and why.</summary>
    public static IServiceCollection AddBindingProblems(this IServiceCollection services)
    {
        services.PostConfigure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BindingProblems>();
        return services;
    }
}
