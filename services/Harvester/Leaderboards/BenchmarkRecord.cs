using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Leaderboards;

/// <summary>A leaderboard row read: the event, or why it was refused.</summary>
public sealed record BenchmarkRecord(BenchmarkUpdated? Benchmark, string? ModelId, string? Rejection)
{
    public static BenchmarkRecord Ok(BenchmarkUpdated benchmark) => new(benchmark, benchmark.ModelId, null);
    public static BenchmarkRecord Fail(string? modelId, string reason) => new(null, modelId, reason);
}
