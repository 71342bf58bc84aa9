using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace OpenAccess.ServiceDefaults;

/// <summary>
/// A minimal API that cannot read its JSON body throws <see cref="BadHttpRequestException"/> around the
/// <see cref="JsonException"/> (with <c>RouteHandlerOptions.ThrowOnBadRequest</c>); left alone that is a 400 without a
/// reason. This answers a ProblemDetails naming the JSON path and what is accepted there, read from the body type the
/// endpoint declares, and nothing of the exception's stack. Other bad requests are left to other handlers.
/// </summary>
internal sealed class JsonBodyProblems(IOptions<HttpJsonOptions> json) : IExceptionHandler
{
    const string Title = "Invalid request body";
    // A path is echoed back; one nested thousands deep must not make the answer as long as the body.
    const int MaxPathLength = 200;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        // The exception handler has cleared the endpoint by now; its feature keeps it.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
        var bodyType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        string? detail = bad.InnerException switch
        {
            JsonException e => Describe(e, bodyType),
            _ when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType && bodyType is not null => UnsupportedMediaType(httpContext),
            _ when bodyType is not null && httpContext.Request.ContentLength is 0 or null && !httpContext.Request.Headers.TransferEncoding.Any() =>
                $"The request has no body; {Expected(bodyType)} is expected.",
            _ => null,
        };
        if (detail is null) return false;

        await TypedResults.Problem(detail, statusCode: bad.StatusCode, title: Title).ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>
    /// A body in another media type is answered 415 by the endpoint itself, without an exception; the status code
    /// pages' ProblemDetails then says why.
    /// </summary>
    public static void DescribeUnsupportedMediaType(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && context.ProblemDetails.Detail is null)
            context.ProblemDetails.Detail = UnsupportedMediaType(context.HttpContext);
    }

    static string UnsupportedMediaType(HttpContext httpContext) =>
        $"The body must be JSON, sent with Content-Type: application/json (was '{Cut(httpContext.Request.ContentType ?? "none")}').";

    static string Cut(string text) => text.Length > MaxPathLength ? text[..MaxPathLength] + "…" : text;

    string Describe(JsonException e, Type? bodyType)
    {
        var options = json.Value.SerializerOptions;
        var path = Cut(e.Path ?? "$");
        var where = $"{path} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})";
        if (e.InnerException is JsonException syntax)
        {
            var maxDepth = options.MaxDepth == 0 ? 64 : options.MaxDepth;
            // A reader that skips an unknown property reports the property's path, not the depth it reached; its
            // message names the limit ("maximum configured depth of 64"), unlike the "depth" of a truncated body.
            if (Depth(e.Path) >= maxDepth - 1 || syntax.Message.Contains($"depth of {maxDepth}", StringComparison.Ordinal))
                return $"The body is nested deeper than the limit of {maxDepth} levels at {where}.";
            return $"The body is not valid JSON at {where}: {ReaderReason(syntax.Message)}; JSON has no NaN, Infinity, comments or trailing commas.";
        }

        var target = bodyType is null || e.Path is null ? null : Resolve(options, bodyType, e.Path);
        return target is null
            ? $"The value at {where} is not accepted: {ReaderReason(e.Message)}."
            : $"The value at {where} is not accepted; expecting {Expected(target)}.";
    }

    /// <summary>The type the path points at in the body type, following properties (by their JSON names), list elements and dictionary values.</summary>
    static Type? Resolve(JsonSerializerOptions options, Type bodyType, string path)
    {
        var type = bodyType;
        foreach (var segment in Segments(path))
        {
            if (!options.TryGetTypeInfo(Nullable.GetUnderlyingType(type) ?? type, out var info)) return null;
            type = info.Kind switch
            {
                JsonTypeInfoKind.Object when segment.Name is { } name =>
                    info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, options.PropertyNameCaseInsensitive
                        ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))?.PropertyType,
                JsonTypeInfoKind.Enumerable when segment.Name is null => info.ElementType,
                JsonTypeInfoKind.Dictionary when segment.Name is not null => info.ElementType,
                _ => null,
            };
            if (type is null) return null;
        }

        return type;
    }

    /// <summary>Segments of a <see cref="JsonException.Path"/>: <c>$.a.b[0]['odd name']</c>; an index segment has no name.</summary>
    static IEnumerable<(string? Name, int Index)> Segments(string path)
    {
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                yield return (path[(i + 1)..end], 0);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0) yield break;
                yield return (path[(i + 2)..end], 0);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), CultureInfo.InvariantCulture, out var index)) yield break;
                yield return (null, index);
                i = end + 1;
            }
            else yield break;
        }
    }

    static int Depth(string? path) => path is null ? 0 : Segments(path).Count();

    // JSON readers take 1e5 for a whole number; .NET's does not.
    const string Plain = ", written without a fraction or exponent";

    /// <summary>What a value of <paramref name="type"/> must be, in a client's words.</summary>
    static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return $"one of {string.Join(", ", Enum.GetNames(type).Select(n => $"\"{n}\""))}";
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Int32 => Whole(int.MinValue, int.MaxValue),
            TypeCode.Int64 => Whole(long.MinValue, long.MaxValue),
            TypeCode.Int16 => Whole(short.MinValue, short.MaxValue),
            TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.UInt16 or TypeCode.Byte => $"a whole number from 0{Plain}",
            TypeCode.Double or TypeCode.Single => "a finite number",
            TypeCode.Decimal => "a number of at most 28 significant digits, within ±7.9e28",
            TypeCode.Boolean => "true or false",
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.DateTime => "an ISO 8601 date and time, as a string",
            _ when type == typeof(DateTimeOffset) => "an ISO 8601 date and time with its offset, as a string",
            _ when type == typeof(Guid) => "a GUID, as a string",
            _ when type != typeof(string) && type.IsAssignableTo(typeof(System.Collections.IEnumerable)) && !IsDictionary(type) => "an array",
            _ => "a JSON object",
        };
    }

    static string Whole(long min, long max) => string.Create(CultureInfo.InvariantCulture, $"a whole number from {min:N0} to {max:N0}{Plain}");

    static bool IsDictionary(Type type) =>
        type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d
            && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));

    // The reader's first sentence, without the path and position it appends (given separately, and cut to length) or
    // its advice to change reader options, which is for the server's code, not the client.
    static string ReaderReason(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = (cut >= 0 ? message[..cut] : message).Trim();
        var sentence = reason.IndexOf(". ", StringComparison.Ordinal);
        if (sentence > 0) reason = reason[..sentence];
        return Cut(reason.TrimEnd('.'));
    }
}
