using System.Text.Json;
using OpenAccess.Fitting.Domain;

namespace OpenAccess.Fitting.Tests.Fixtures;

public sealed record RealFamily(string FamilyId, string Author, string ReleaseMonth, int[] MonthIndex, int[] CumulativeDerivatives)
{
    public IReadOnlyList<AdoptionObservation> Series =>
        [.. MonthIndex.Zip(CumulativeDerivatives, (t, c) => new AdoptionObservation(t, c))];
}

public sealed record ScipyFit(string FamilyId, int Points, double Lambda, double Mu, double Sigma, double[] StandardErrors, double Sse, double RSquared, double Rmse);

public sealed record ScipyProfilePoint(double M, double SumOneMinusRSquared);

public sealed record ScipyReference(double M, ScipyProfilePoint[] MProfile, ScipyFit[] Fits);

/// <summary>The adoption series of the bundled snapshot and scipy's fits of them (see Fixtures/README.md).</summary>
public static class RealSeries
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<RealFamily> Families { get; } =
        Load<FamilyFile>("adoption-series-2025-04.json").Families;

    public static ScipyReference Scipy { get; } = Load<ScipyReference>("scipy-reference-2025-04.json");

    sealed record FamilyFile(RealFamily[] Families);

    static T Load<T>(string name) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name)), Json)!;
}
