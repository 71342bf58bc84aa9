using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OpenAccess.Fitting.Apis;

/// <summary>
/// Integer query parameters are bound as text and parsed here, so "horizon=soon" gets the same
/// ProblemDetails answer as "horizon=0" in every environment (the framework's binder throws in Development).
/// </summary>
static class QueryNumber
{
    public static bool TryRead(string name, string? text, int fallback, int min, int max, out int value, out ProblemHttpResult? problem)
    {
        value = fallback;
        problem = null;
        if (text is not null && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
            value = int.MinValue;
        if (value >= min && value <= max)
            return true;
        problem = Problems.BadParameter($"{name} must be a whole number between {min} and {max}, not '{text}'.");
        return false;
    }
}
