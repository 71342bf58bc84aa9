using System.Diagnostics;

namespace OpenAccess.Harvester.Benchmarks;

/// <summary>
/// Wall time and the CPU time spent on it, by this process and by the broker. On a shared machine the wall-clock rate
/// moves with the neighbours' load; CPU microseconds per message do not, so both are printed.
/// </summary>
public sealed record Measure(double Seconds, double OwnCpuSeconds, double BrokerCpuSeconds, GcWork Gc)
{
    public static async Task<Measure> TimeAsync(Func<Task> action)
    {
        GC.Collect();
        var own = Process.GetCurrentProcess().TotalProcessorTime;
        var broker = BrokerCpu();
        var gc = GcWork.Now();
        var clock = Stopwatch.StartNew();
        await action();
        var seconds = clock.Elapsed.TotalSeconds;
        return new Measure(seconds, (Process.GetCurrentProcess().TotalProcessorTime - own).TotalSeconds, BrokerCpu() - broker, GcWork.Now() - gc);
    }

    public string Describe(int messages, string unit = "msg") =>
        $"{messages / Seconds:N0} {unit}/s ({Seconds:F1} s); CPU per {unit}: {OwnCpuSeconds / messages * 1e6:F0} µs here + {BrokerCpuSeconds / messages * 1e6:F0} µs broker; " +
        $"GC here: {Gc.Pause.TotalSeconds / messages * 1e6:F1} µs paused and {Gc.Allocated / 1024.0 / messages:F1} KiB allocated a {unit}, {Gc.Gen0:N0}/{Gc.Gen1:N0}/{Gc.Gen2:N0} collections of gen 0/1/2";

    /// <summary>User + system CPU seconds of every beam.smp process (the RabbitMQ node), from /proc; 0 where it cannot be read.</summary>
    static double BrokerCpu()
    {
        var total = 0.0;
        foreach (var process in Process.GetProcessesByName("beam.smp"))
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{process.Id}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                total += (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0; // utime, stime in clock ticks (USER_HZ = 100)
            }
            catch (IOException)
            {
            }
        }

        return total;
    }
}

/// <summary>The collector's work in this process: time paused (with the workstation, non-concurrent collector all of its work), bytes allocated, collections by generation.</summary>
public sealed record GcWork(TimeSpan Pause, long Allocated, int Gen0, int Gen1, int Gen2)
{
    public static GcWork Now() => new(GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    public static GcWork operator -(GcWork a, GcWork b) =>
        new(a.Pause - b.Pause, a.Allocated - b.Allocated, a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2);
}
