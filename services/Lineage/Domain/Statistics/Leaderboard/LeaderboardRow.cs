namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>
/// One leaderboard result as the Lineage keeps it: a model in one precision (v1 dated snapshots carry only the
/// scores, the average and the snapshot's date). Scores are percent, normalised where the leaderboard normalises;
/// they are read once, and only for the row that wins.
/// </summary>
public sealed record LeaderboardRow(
    string Id,
    string? TypeLabel,
    string? Architecture,
    double? ParametersInBillions,
    DateTimeOffset? SubmittedAt,
    double? Average,
    IEnumerable<KeyValuePair<string, double>> Scores,
    string? BaseModel = null,
    string? Precision = null);
