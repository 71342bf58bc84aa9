using OpenAccess.Harvester.Importing;

namespace OpenAccess.Harvester.Hub;

/// <summary>
/// Copies of family roots' <c>config.json</c> shipped with the host's seed data: a folder named in
/// <c>OpenAccess:Harvester:Seed</c> (the Standalone host's <c>Seed/configs</c>) holding <c>&lt;org&gt;/&lt;name&gt;/config.json</c>
/// per model. <see cref="ConfigFileHarvester"/> takes a root's copy in place of the Hub's file while <c>HF_TOKEN</c> is not set,
/// and when the Hub does not give the file; its outcome says <see cref="Source"/>. An empty seed names no folder: none is used.
/// </summary>
public sealed class BundledConfigFiles
{
    public const string Source = "bundled";
    public const string FileName = "config.json";

    readonly Dictionary<string, string> paths;

    public BundledConfigFiles(IEnumerable<string> folders)
    {
        // Hub ids are case-insensitive: the folder's spelling need not be the snapshot's.
        paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in folders)
            foreach (var file in Directory.EnumerateFiles(folder, FileName, SearchOption.AllDirectories))
            {
                var parts = Path.GetRelativePath(folder, file).Split(Path.DirectorySeparatorChar);
                if (parts.Length == 3) paths[$"{parts[0]}/{parts[1]}"] = file;
            }
    }

    /// <summary>The seed entries that are folders, relative to the application folder as the seed files are.</summary>
    public static BundledConfigFiles From(StartupImportOptions options) =>
        new(options.SeedFiles().Select(StartupImports.SeedPath).Where(Directory.Exists));

    public int Count => paths.Count;

    /// <summary>The bundled file of <paramref name="modelId"/> as bytes, or null when none is bundled.</summary>
    public async Task<byte[]?> ReadAsync(string modelId, CancellationToken cancellationToken) =>
        paths.TryGetValue(modelId, out var path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;

    public bool Has(string modelId) => paths.ContainsKey(modelId);
}
