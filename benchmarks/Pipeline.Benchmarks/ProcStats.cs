using System.Diagnostics;

namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>
/// What /proc says of one process: CPU seconds (user + system) so far, its peak resident set over its life (VmHWM) and its
/// resident set now (VmRSS); and of its CPU, what the .NET runtime's own threads spent: the tiered compiler's background thread
/// (<c>.NET Tiered Com</c>, which recompiles hot methods optimised: a fixed warm-up cost, not a cost a message) and the garbage
/// collector's threads (<c>.NET Server GC</c>, <c>.NET BGC</c>; a workstation GC's foreground collections run on the allocating
/// thread and are not in it). Both are threads that live as long as the process, so their figures are whole.
/// </summary>
public readonly record struct ProcStats(double CpuSeconds, long PeakRssBytes, long RssBytes, double JitSeconds = 0, double GcSeconds = 0)
{
    /// <summary>USER_HZ: the clock ticks of /proc/&lt;pid&gt;/stat, 100 on every Linux this runs on.</summary>
    const double TicksPerSecond = 100;

    public static ProcStats Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cpu = (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond; // utime, stime
            var status = File.ReadAllLines($"/proc/{pid}/status");
            var (jit, gc) = RuntimeThreads(pid);
            return new ProcStats(cpu, Kib(status, "VmHWM:") * 1024, Kib(status, "VmRSS:") * 1024, jit, gc);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return default; // the process has gone
        }
    }

    static (double Jit, double Gc) RuntimeThreads(int pid)
    {
        double jit = 0, gc = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var cpu = (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
                if (name == ".NET Tiered Com") jit += cpu;
                else if (name is ".NET Server GC" or ".NET BGC") gc += cpu;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the thread ended between the listing and the read
            }
        }

        return (jit, gc);
    }

    static long Kib(string[] status, string field) =>
        status.FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal)) is { } line ? long.Parse(line[field.Length..].Trim().Split(' ')[0]) : 0;

    /// <summary>The RabbitMQ node: its beam.smp process (the one with the most CPU when several run).</summary>
    public static int? BrokerPid() =>
        Process.GetProcessesByName("beam.smp").Select(p => p.Id).OrderByDescending(id => Of(id).CpuSeconds).Cast<int?>().FirstOrDefault();

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();
}
