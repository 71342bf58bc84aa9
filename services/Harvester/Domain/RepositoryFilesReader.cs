using System.Text.Json;
using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Domain;

/// <summary>
/// Summarises the Hub's <c>siblings</c> (the repository's files) into <see cref="RepositoryFiles"/>. Accepts the API's
/// <c>{"rfilename": …}</c> objects and the crawl's Python-printed <c>RepoSibling(rfilename='…', …)</c> strings. Pure.
/// </summary>
public static class RepositoryFilesReader
{
    static readonly HashSet<string> WeightExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "safetensors", "gguf", "bin", "pt", "pth", "ckpt", "h5", "msgpack", "onnx", "npz", "mlmodel", "tflite",
    };

    // Trainer state saved beside a checkpoint, in weight formats but not weights.
    static readonly HashSet<string> TrainerState = new(StringComparer.OrdinalIgnoreCase)
    {
        "training_args.bin", "optimizer.pt", "optimizer.bin", "scheduler.pt", "scaler.pt", "rng_state.pth",
    };

    const string CrawlPrefix = "RepoSibling(rfilename='";

    /// <summary>Null when the record has no <c>siblings</c> list: the files were not listed, which says nothing of them.</summary>
    public static RepositoryFiles? Read(JsonElement model, RecordLimits limits)
    {
        if (!model.TryGetProperty("siblings", out var siblings) || siblings.ValueKind != JsonValueKind.Array) return null;

        var count = 0;
        var formats = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var code = new List<string>();
        var licences = new List<string>();
        foreach (var sibling in siblings.EnumerateArray())
        {
            if (NameOf(sibling) is not { Length: > 0 } name) continue;
            count++;
            var file = name[(name.LastIndexOf('/') + 1)..];
            var dot = file.LastIndexOf('.');
            var extension = dot < 0 ? "" : file[(dot + 1)..].ToLowerInvariant();
            if (WeightExtensions.Contains(extension) && !TrainerState.Contains(file) && !file.StartsWith("rng_state", StringComparison.OrdinalIgnoreCase))
            {
                formats[extension] = formats.GetValueOrDefault(extension) + 1;
            }
            else if (extension == "py" && code.Count < limits.MaxListedItems) code.Add(Cut(name));
            else if (!name.Contains('/') && IsLicence(file) && licences.Count < limits.MaxListedItems) licences.Add(Cut(name));
        }

        return new RepositoryFiles { Count = count, WeightFormats = formats, CodeFiles = code, LicenseFiles = licences };
    }

    static string? NameOf(JsonElement sibling) => sibling.ValueKind switch
    {
        JsonValueKind.Object => HubModelMapper.Str(sibling, "rfilename"),
        JsonValueKind.String when sibling.GetString() is { } s && s.StartsWith(CrawlPrefix, StringComparison.Ordinal) && s.IndexOf('\'', CrawlPrefix.Length) is var end and > 0
            => s[CrawlPrefix.Length..end],
        _ => null,
    };

    static bool IsLicence(string file) =>
        file.StartsWith("LICENSE", StringComparison.OrdinalIgnoreCase) || file.StartsWith("LICENCE", StringComparison.OrdinalIgnoreCase)
        || file.StartsWith("USE_POLICY", StringComparison.OrdinalIgnoreCase);

    static string Cut(string name) => name.Length <= 200 ? name : name[..200];
}
