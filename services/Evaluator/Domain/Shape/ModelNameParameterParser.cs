using System.Globalization;
using System.Text.RegularExpressions;

namespace OpenAccess.Evaluator.Domain;

/// <summary>Reads a nominal size from a repository name: <c>Mistral-7B-v0.1</c>, <c>Mixtral-8x7B</c>, <c>Qwen2.5-1.5B</c>, <c>opt-350m</c>.</summary>
public static partial class ModelNameParameterParser
{
    // A size stands alone between separators, so "Llama-3.1" or "A2.7B" (active size) are not read as sizes.
    // A size followed by "-16E" is the active size of a mixture of experts (Llama-4-Scout-17B-16E), not the total.
    [GeneratedRegex(@"(?<![A-Za-z0-9.])(?:(?<experts>\d+)x)?(?<number>\d+(?:\.\d+)?)(?<unit>[mbt])(?![a-z0-9])(?!-\d+e(?![a-z0-9]))", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();

    // Llama 4: "17B-16E", the active size and the routed experts.
    [GeneratedRegex(@"(?<![A-Za-z0-9.])(?<active>\d+(?:\.\d+)?)b-(?<experts>\d+)e(?![a-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex ActiveAndExpertsPattern();

    // Qwen: "30B-A3B", "MoE-A2.7B": the active size after an A.
    [GeneratedRegex(@"(?<![A-Za-z0-9.])a(?<active>\d+(?:\.\d+)?)b(?![a-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex ActivePattern();

    // Mixtral: "8x7B", experts times the size of one.
    [GeneratedRegex(@"(?<![A-Za-z0-9.])(?<experts>\d+)x\d+(?:\.\d+)?b(?![a-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex ExpertsTimesSizePattern();

    /// <summary>
    /// A mixture of experts the name declares: <c>17B-16E</c> (17 B active, 16 experts), <c>A3B</c> (3 B active),
    /// <c>8x7B</c> (8 experts; the active count is not in the name). Null when the name declares none.
    /// </summary>
    public static NameExperts? TryParseExperts(string? modelId)
    {
        if (string.IsNullOrWhiteSpace(modelId)) return null;
        var name = modelId[(modelId.LastIndexOf('/') + 1)..];
        if (ActiveAndExpertsPattern().Match(name) is { Success: true } both)
            return new NameExperts(Billions(both.Groups["active"].Value), Int(both.Groups["experts"].Value), $"name: '{both.Value}' (active size - routed experts)");
        if (ActivePattern().Match(name) is { Success: true } active)
            return new NameExperts(Billions(active.Groups["active"].Value), null, $"name: '{active.Value}' (active size)");
        if (ExpertsTimesSizePattern().Match(name) is { Success: true } times)
            return new NameExperts(null, Int(times.Groups["experts"].Value), $"name: '{times.Value}' (experts × expert size; the active count is not in the name)");
        return null;
    }

    private static long? Billions(string number) =>
        decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n > 0 && n < 1_000_000 ? (long)(n * 1_000_000_000m) : null;

    private static int? Int(string number) => int.TryParse(number, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

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

/// <summary>What a name says of a mixture of experts: the active size and the routed experts, each null when not said, and the part of the name read.</summary>
public sealed record NameExperts(long? Active, int? Experts, string Evidence);
