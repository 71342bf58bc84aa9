namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>
/// Of a .NET process's CPU, what the runtime's own threads spent, read from /proc/&lt;pid&gt;/task at every poll: the tiered
/// compiler's background thread (<c>.NET Tiered Com</c>, which recompiles hot methods optimised: a warm-up cost that a longer run
/// does not pay again, not a cost a message) and the garbage collector's threads (<c>.NET Server GC</c>, <c>.NET BGC</c>; a
/// workstation GC's foreground collections run on the allocating thread and are not in it). The tiered compiler's thread ends
/// when it has been idle a while and a new one starts when there is work, so each thread is followed by its id from its first
/// reading (from zero when it started after the first poll) to its last; a thread's last half second before it ends is lost.
/// </summary>
public sealed class RuntimeThreadCpu(int pid)
{
    /// <summary>USER_HZ: the clock ticks of /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat, 100 on every Linux this runs on.</summary>
    const double TicksPerSecond = 100;

    readonly Dictionary<int, (bool Jit, double First, double Last)> threads = [];
    bool started;

    /// <summary>The tiered compiler's CPU seconds from the first reading to the one <see cref="MarkEnd"/> took.</summary>
    public double JitSeconds { get; private set; }

    /// <summary>The GC threads' CPU seconds over the same window.</summary>
    public double GcSeconds { get; private set; }

    /// <summary>Reads every runtime thread once; the first call sets where the window starts.</summary>
    public void Sample()
    {
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                    var jit = name == ".NET Tiered Com";
                    if (!jit && name is not (".NET Server GC" or ".NET BGC")) continue;
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    var cpu = (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
                    var tid = int.Parse(Path.GetFileName(task));
                    threads[tid] = threads.TryGetValue(tid, out var known) ? known with { Last = cpu } : (jit, started ? 0 : cpu, cpu);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                    // the thread ended between the listing and the read
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the process has gone
        }

        started = true;
    }

    /// <summary>Takes a reading and ends the window there (the final state, as the process's CPU is read then).</summary>
    public void MarkEnd()
    {
        Sample();
        JitSeconds = threads.Values.Where(t => t.Jit).Sum(t => t.Last - t.First);
        GcSeconds = threads.Values.Where(t => !t.Jit).Sum(t => t.Last - t.First);
    }
}
