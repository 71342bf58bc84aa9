using System.Globalization;
using System.Text.RegularExpressions;

namespace OpenAccess.Evaluator.Domain;

/// <summary>Reads a nominal size from a repository name: <c>Mistral-7B-v0.1</c>, <c>Mixtral-8x7B</c>, <c>Qwen2.5-1.5B</c>, <c>opt-350m</c>.</summary>
public static partial class ModelNameParameterParser
{
    // A size stands alone between separators, so "Llama-3.1" or "A2.7B" (active size) are not read as sizes.
    [GeneratedRegex(@"(?<![A-Za-z0-9.])(?:(?<experts>\d+)x)?(?<number>\d+(?:\.\d+)?)(?<unit>[mbt])(?![a-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();

    /// <summary>
    /// The first size in the name, in parameters; <c>8x7B</c> reads as 8 × 7 B = 56 B, an upper bound
    /// (Mixtral's experts share attention and embeddings: it has 46.7 B). Null when the name has no size.
    /// </summary>
    public static long? TryParse(string? modelId)
    {
        if (string.IsNullOrWhiteSpace(modelId)) return null;
        var name = modelId[(modelId.LastIndexOf('/') + 1)..];
        var match = SizePattern().Match(name);
        if (!match.Success) return null;

        // A name can hold any digits: a number too long to read, or a size beyond 64 bits, is no size.
        if (!decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return null;
        var scale = char.ToLowerInvariant(match.Groups["unit"].Value[0]) switch
        {
            'm' => 1_000_000m,
            'b' => 1_000_000_000m,
            _ => 1_000_000_000_000m,
        };
        var experts = 1;
        if (match.Groups["experts"].Success && !int.TryParse(match.Groups["experts"].Value, CultureInfo.InvariantCulture, out experts)) return null;
        if (experts < 1) return null;
        // Compared before multiplying, so that no product can overflow.
        if (number > long.MaxValue / scale / experts) return null;
        var count = (long)(number * scale * experts);
        return count > 0 ? count : null;
    }
}
