namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>
/// One process over the measured window: its CPU seconds, the messages it handled in it, and its peak resident set over its life;
/// of the CPU, what the runtime's tiered compiler and garbage collector threads spent (<see cref="ProcStats"/>).
/// </summary>
public sealed record ProcessFigures(string Name, double CpuSeconds, long Messages, string Unit, long PeakRssBytes, double JitSeconds = 0, double GcSeconds = 0)
{
    public double MicrosecondsPerMessage => PerMessage(CpuSeconds);

    /// <summary>CPU a message less the tiered compiler's: what a message costs once the process is warm.</summary>
    public double WarmMicrosecondsPerMessage => PerMessage(CpuSeconds - JitSeconds);

    public double PerMessage(double seconds) => Messages == 0 ? 0 : seconds / Messages * 1e6;

    /// <summary>"736 µs (JIT 398, GC 43)": the tiered compiler's and the collector's threads' shares, for a .NET process.</summary>
    public string CpuBreakdown => JitSeconds == 0 && GcSeconds == 0
        ? $"{MicrosecondsPerMessage:F0} µs"
        : $"{MicrosecondsPerMessage:F0} µs (JIT {PerMessage(JitSeconds):F0}, GC threads {PerMessage(GcSeconds):F0}; warm {WarmMicrosecondsPerMessage:F0})";
}
