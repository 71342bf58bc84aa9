using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OpenAccess.Harvester.Apis;

/// <summary>
/// Query parameters are bound as text and parsed here, so "limit=1e9" or "gzip=maybe" is a 400 naming the parameter
/// and what it accepts (the framework's binder answers a bare 400, or throws in Development).
/// </summary>
static class QueryValues
{
    // A value is echoed back in the answer; a long one is cut.
    const int MaxShown = 64;

    public static bool TryInt(string name, string? text, int fallback, int min, int max, out int value, out ProblemHttpResult? problem)
    {
        value = fallback;
        problem = null;
        if (text is null || (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max))
            return true;
        problem = Bad($"'{name}' must be a whole number from {min} to {max}, not '{Shown(text)}'.");
        return false;
    }

    public static bool TryBool(string name, string? text, bool fallback, out bool value, out ProblemHttpResult? problem)
    {
        value = fallback;
        problem = null;
        if (text is null || bool.TryParse(text, out value))
            return true;
        problem = Bad($"'{name}' must be true or false, not '{Shown(text)}'.");
        return false;
    }

    static ProblemHttpResult Bad(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad query parameter");

    static string Shown(string text) => text.Length > MaxShown ? text[..MaxShown] + "…" : text;
}
