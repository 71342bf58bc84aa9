namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>One process over the measured window: its CPU seconds, the messages it handled in it, and its peak resident set over its life.</summary>
public sealed record ProcessFigures(string Name, double CpuSeconds, long Messages, string Unit, long PeakRssBytes)
{
    public double MicrosecondsPerMessage => Messages == 0 ? 0 : CpuSeconds / Messages * 1e6;
}
