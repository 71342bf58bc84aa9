using System.Diagnostics;

namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>What /proc says of one process: CPU seconds (user + system) so far, its peak resident set over its life (VmHWM) and its resident set now (VmRSS).</summary>
public readonly record struct ProcStats(double CpuSeconds, long PeakRssBytes, long RssBytes)
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
            return new ProcStats(cpu, Kib(status, "VmHWM:") * 1024, Kib(status, "VmRSS:") * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return default; // the process has gone
        }
    }

    static long Kib(string[] status, string field) =>
        status.FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal)) is { } line ? long.Parse(line[field.Length..].Trim().Split(' ')[0]) : 0;

    /// <summary>The RabbitMQ node: its beam.smp process (the one with the most CPU when several run).</summary>
    public static int? BrokerPid() =>
        Process.GetProcessesByName("beam.smp").Select(p => p.Id).OrderByDescending(id => Of(id).CpuSeconds).Cast<int?>().FirstOrDefault();

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();
}
