using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Importing;

/// <summary>Bound from <c>OpenAccess:Harvester</c>.</summary>
public sealed class StartupImportOptions
{
    /// <summary>
    /// Files imported at the first start only (the Standalone host's bundled demo data: a Hub snapshot and leaderboard tables),
    /// separated by <c>;</c> and imported in that order, and folders of bundled family roots' config.json files
    /// (<see cref="Hub.BundledConfigFiles"/>). Relative to the application folder; empty for no bundled data of any kind.
    /// </summary>
    public string? Seed { get; set; }

    /// <summary>The paths <see cref="Seed"/> names, in its order.</summary>
    public IReadOnlyList<string> SeedFiles() =>
        (Seed ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Snapshot files imported at every start (<c>--import PATH</c>); unchanged models are not republished.</summary>
    public List<string> Import { get; set; } = [];
}

/// <summary>Queues the seed files and the <c>--import</c> files when the host starts.</summary>
public sealed class StartupImports(StartupImportOptions options, ImportService imports, ILogger<StartupImports> logger) : BackgroundService
{
    /// <summary>A seed entry's path: relative ones are in the application folder.</summary>
    public static string SeedPath(string seed) => Path.IsPathRooted(seed) ? seed : Path.Combine(AppContext.BaseDirectory, seed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One run per file, queued in order: the Hub snapshot first, so leaderboard rows find the models they name.
        foreach (var seed in options.SeedFiles())
        {
            var path = SeedPath(seed);
            // A folder holds bundled config.json files, which the config harvester reads when a run names their roots.
            if (Directory.Exists(path)) continue;
            var run = await imports.ImportFileAsync(path, onlyOnce: true, stoppingToken, trigger: HarvestRun.AtStartup);
            if (run is null)
            {
                logger.LogInformation("Seed file {Path} was imported before; not imported again", path);
            }
            else
            {
                logger.LogInformation("Importing seed file {Path} as run {RunId}", path, run.Id);
            }
        }

        foreach (var path in options.Import)
        {
            var run = await imports.ImportFileAsync(Path.GetFullPath(path), onlyOnce: false, stoppingToken, trigger: HarvestRun.AtStartup);
            logger.LogInformation("Importing {Path} as run {RunId}", path, run!.Id);
        }
    }
}

/// <summary>
/// <c>--import PATH</c> may be given several times; the configuration command line would keep only
/// the last, so the values are taken out of the arguments here and bound as a list.
/// </summary>
public static class ImportArguments
{
    public static (string[] Remaining, Dictionary<string, string?> Settings) Extract(string[] args)
    {
        var rest = new List<string>();
        var settings = new Dictionary<string, string?>();
        var count = 0;
        for (var i = 0; i < args.Length; i++)
        {
            string? value = null;
            if (args[i] == "--import")
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException("--import needs a file path: --import PATH");
                }

                value = args[++i];
            }
            else if (args[i].StartsWith("--import=", StringComparison.Ordinal))
            {
                value = args[i]["--import=".Length..];
            }

            if (value is null)
            {
                rest.Add(args[i]);
            }
            else
            {
                if (!File.Exists(value))
                {
                    throw new ArgumentException($"--import: file '{value}' does not exist");
                }

                settings[$"OpenAccess:Harvester:Import:{count++}"] = Path.GetFullPath(value);
            }
        }

        return (rest.ToArray(), settings);
    }
}
