using OpenAccess.Contracts;

namespace OpenAccess.Evaluator.Storage;

/// <summary>Leaderboard results are kept one per model, leaderboard version and precision, and looked up by version.</summary>
public static class BenchmarkResults
{
    public static string IdOf(BenchmarkUpdated result) => $"{result.ModelId}|{result.LeaderboardVersion}|{result.Precision}";

    public static IEnumerable<string> VersionKey(BenchmarkUpdated result) => [$"leaderboard:{result.LeaderboardVersion}"];
}
