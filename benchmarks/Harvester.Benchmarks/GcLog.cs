namespace OpenAccess.Harvester.Benchmarks;

/// <summary>
/// Each collection of the garbage collector while it is alive: generation, pause, bytes promoted and heap size, printed on
/// dispose. Polled every 20 ms (a collection between two polls is counted as missed), so it costs the measured step next to nothing.
/// </summary>
public sealed class GcLog : IDisposable
{
    readonly List<string> lines = [];
    readonly Timer timer;
    long last;

    GcLog()
    {
        last = GC.GetGCMemoryInfo(GCKind.Any).Index; // the collections before are not the step's
        timer = new Timer(_ => Poll(), null, 0, 20);
    }

    /// <summary>A log when <paramref name="enabled"/>, else nothing to dispose.</summary>
    public static IDisposable? Start(bool enabled) => enabled ? new GcLog() : null;

    void Poll()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        lock (lines)
        {
            if (info.Index == last) return;
            if (info.Index > last + 1) lines.Add($"  ({info.Index - last - 1} collections missed)");
            last = info.Index;
            lines.Add($"  collection {info.Index}: gen {info.Generation}, paused {info.PauseDurations[0].TotalMilliseconds:F1} ms, " +
                $"promoted {info.PromotedBytes / 1048576.0:F1} MiB, heap {info.HeapSizeBytes / 1048576.0:F0} MiB");
        }
    }

    public void Dispose()
    {
        timer.Dispose();
        lock (lines)
        {
            foreach (var line in lines) Console.WriteLine(line);
        }
    }
}
