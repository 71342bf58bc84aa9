using System.Net.Http.Json;
using Microsoft.Data.Sqlite;

namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>How far each store has got, read as a user could: Lineage through its API, the Evaluator and Fitting from their SQLite files (read-only).</summary>
public sealed record StoreProgress(long LineageModels, long EvaluatorProfiles, int FamiliesPublished, int FamiliesFitted, long SeriesPublished)
{
    /// <summary>Every model stored by both consumers, and every family's last published series fitted.</summary>
    public bool Final(long models) => LineageModels == models && EvaluatorProfiles == models && FamiliesFitted == FamiliesPublished;

    public override string ToString() =>
        $"lineage {LineageModels:N0} models, evaluator {EvaluatorProfiles:N0} profiles, fitting {FamiliesFitted:N0}/{FamiliesPublished:N0} families at their last series";

    /// <summary>
    /// Reads the stores. A count already at <paramref name="models"/> in <paramref name="previous"/> is not read again: a COUNT(*)
    /// scans the table (40 ms of CPU at 100,000 models), and Lineage's is counted in its own process, on its bill.
    /// </summary>
    public static async Task<StoreProgress> ReadAsync(
        HttpClient http, ServiceProcess lineage, ServiceProcess evaluator, ServiceProcess fitting, StoreProgress? previous, long models, CancellationToken cancellationToken)
    {
        var lineageModels = previous?.LineageModels == models
            ? models
            : (await http.GetFromJsonAsync<Summary>(new Uri(lineage.Address, "/stats/summary"), cancellationToken))?.Models ?? 0;
        var profiles = previous?.EvaluatorProfiles == models ? models : Scalar(Path.Combine(evaluator.DataDirectory, "evaluator.db"), "SELECT COUNT(*) FROM profiles");
        // Lineage keeps the version of each family's last published series; Fitting stores a fit with the version it fitted.
        var published = Versions(Path.Combine(lineage.DataDirectory, "lineage.db"), "published_series");
        var fitted = Versions(Path.Combine(fitting.DataDirectory, "fitting.db"), "fits");
        var caughtUp = published.Count(p => fitted.TryGetValue(p.Key, out var v) && v >= p.Value);
        return new StoreProgress(lineageModels, profiles, published.Count, caughtUp, published.Values.Sum());
    }

    sealed record Summary(long Models);

    static long Scalar(string database, string sql)
    {
        if (!File.Exists(database)) return 0;
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            return command.ExecuteScalar() is long n ? n : 0;
        }
        catch (SqliteException)
        {
            return 0; // the service has not made its table yet
        }
    }

    static Dictionary<string, long> Versions(string database, string table)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(database)) return versions;
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, json_extract(doc, '$.seriesVersion') FROM {table}";
        SqliteDataReader reader;
        try
        {
            reader = command.ExecuteReader();
        }
        catch (SqliteException)
        {
            return versions; // the service has not made its table yet
        }

        using var rows = reader;
        while (reader.Read())
        {
            versions[reader.GetString(0)] = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        }

        return versions;
    }

    static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }
}
