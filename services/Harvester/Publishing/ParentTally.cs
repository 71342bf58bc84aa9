using System.Collections.Concurrent;
using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Publishing;

/// <summary>
/// The parents each run's models name, with how many of its models name each: after the run, those that are family roots
/// get their config.json fetched (<see cref="Hub.ConfigFileHarvester"/>). Memory grows with the distinct parents of a run
/// (a full Hub crawl names some 10⁵), and a run's tally is dropped when it is taken.
/// </summary>
public sealed class ParentTally(Hub.ConfigFileOptions options)
{
    readonly ConcurrentDictionary<string, ConcurrentDictionary<string, int>> runs = new(StringComparer.Ordinal);

    public void Count(string? runId, IEnumerable<ModelDiscovered> models)
    {
        if (!options.Fetch || runId is null) return;
        var parents = runs.GetOrAdd(runId, _ => new ConcurrentDictionary<string, int>(StringComparer.Ordinal));
        foreach (var model in models)
        {
            foreach (var link in model.BaseModels)
            {
                parents.AddOrUpdate(link.Id, 1, (_, n) => n + 1);
            }
        }
    }

    /// <summary>The run's parents, most named first (ties by id), and the run forgotten.</summary>
    public IReadOnlyList<(string Id, int Derivatives)> Take(string runId) =>
        runs.TryRemove(runId, out var parents)
            ? [.. parents.Select(p => (p.Key, p.Value)).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)]
            : [];
}
