namespace OpenAccess.Harvester.Leaderboards;

/// <summary>
/// Open LLM Leaderboard v2 scores: rescaled so random guessing is 0 and perfect is 100, clipped at 0.
/// GPQA (4 choices) has baseline 0.25, MMLU-PRO (10 choices) 0.1; IFEval and MATH Lvl 5 have none (raw × 100).
/// BBH and MuSR are normalised per subtask before averaging, so only the leaderboard's own column gives them.
/// </summary>
public static class V2Normalisation
{
    public const double GpqaBaseline = 0.25, MmluProBaseline = 0.1;

    public static double Normalise(double raw, double baseline) => Math.Max(0, (raw - baseline) / (1 - baseline)) * 100;
}
