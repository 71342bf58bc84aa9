using OpenAccess.Fitting.Domain;

namespace OpenAccess.Fitting.Storage;

/// <summary>The m every family is fitted with, and how it was obtained.</summary>
/// <param name="M">The shared m.</param>
/// <param name="Source"><c>configured</c> (OpenAccess:Fitting:M), <c>estimated</c> (profile over the stored families) or <c>initial</c> (OpenAccess:Fitting:InitialM, before any estimate).</param>
/// <param name="FamiliesUsed">Families the estimate was made from; 0 unless estimated.</param>
/// <param name="EstimatedAt">When it was estimated; null unless estimated.</param>
/// <param name="Profile">Σ(1 − R²) over those families at each m tried; empty unless estimated.</param>
public sealed record SharedMValue(double M, string Source, int FamiliesUsed, DateTimeOffset? EstimatedAt, IReadOnlyList<MProfilePoint> Profile)
{
    public const string Configured = "configured";
    public const string Estimated = "estimated";
    public const string Initial = "initial";
}
