using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Extensions;

/// <summary>Bound from <c>OpenAccess:Evaluator</c>: where the catalogues are and the deployment profiles assume.</summary>
public sealed class EvaluatorOptions
{
    public const string Section = "OpenAccess:Evaluator";

    /// <summary>Folder holding <c>gpus.json</c>, <c>energy-prices.json</c> and <c>api-prices.json</c>; default the bundled <c>Catalogues</c> next to the application.</summary>
    public string? CatalogueDirectory { get; set; }

    public double OverheadFraction { get; set; } = InferenceMemoryCalculator.DefaultOverheadFraction;

    /// <summary>The GPU profiles are sized for, and the what-if's default.</summary>
    public string GpuId { get; set; } = "h100-sxm-80gb";

    /// <summary>The what-if's default energy region (profiles show every region).</summary>
    public string RegionId { get; set; } = "us-average";

    /// <summary>Plausible ranges of config and what-if numbers (<c>OpenAccess:Evaluator:Limits:*</c>); see docs/access-profiles.md.</summary>
    public InputLimits Limits { get; set; } = new();

    /// <summary>Levels of parents walked to find the nearest ancestor with a shape, for a model without one (docs/access-profiles.md).</summary>
    public int MaxAncestorDepth { get; set; } = 8;

    /// <summary>Derivatives resolved again a batch, at most, when a model's shape (or why it has none) arrives after them; those that now inherit otherwise are profiled again.</summary>
    public int MaxReprofiledDerivatives { get; set; } = 5000;

    /// <summary>
    /// Profiles of a batch computed, published and stored together, at most: a batch whose roots re-profile thousands of
    /// derivatives works through them this many at a time, each part published and then stored in one write (docs/access-profiles.md).
    /// </summary>
    public int ProfilesPerWrite { get; set; } = 200;

    public string ResolvedCatalogueDirectory =>
        string.IsNullOrWhiteSpace(CatalogueDirectory) ? Path.Combine(AppContext.BaseDirectory, "Catalogues") : Path.GetFullPath(CatalogueDirectory);

    /// <summary>Fails start-up naming the key whose value is wrong.</summary>
    public void Validate(EvaluatorCatalogues catalogues)
    {
        if (double.IsNaN(OverheadFraction) || OverheadFraction is < 0 or > 10)
            throw new InvalidOperationException($"{Section}:OverheadFraction is {OverheadFraction}; it must be between 0 and 10.");
        if (!catalogues.Gpus.All.Any(g => string.Equals(g.Id, GpuId, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException($"{Section}:GpuId '{GpuId}' is not in the GPU catalogue. Known: {string.Join(", ", catalogues.Gpus.All.Select(g => g.Id))}.");
        if (!catalogues.EnergyPrices.All.Any(r => string.Equals(r.Id, RegionId, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException($"{Section}:RegionId '{RegionId}' is not in the energy price catalogue. Known: {string.Join(", ", catalogues.EnergyPrices.All.Select(r => r.Id))}.");
        if (MaxAncestorDepth is < 1 or > 100)
            throw new InvalidOperationException($"{Section}:MaxAncestorDepth is {MaxAncestorDepth}; it must be between 1 and 100.");
        if (MaxReprofiledDerivatives < 0)
            throw new InvalidOperationException($"{Section}:MaxReprofiledDerivatives is {MaxReprofiledDerivatives}; it must be 0 or more.");
        if (ProfilesPerWrite < 1)
            throw new InvalidOperationException($"{Section}:ProfilesPerWrite is {ProfilesPerWrite}; it must be 1 or more.");
        if (Limits.Problems().FirstOrDefault() is { } limit) throw new InvalidOperationException($"{Section}:Limits:{limit}");
    }

    /// <summary>The deployment every stored profile assumes.</summary>
    public AccessProfileOptions ProfileOptions => new() { GpuId = GpuId, OverheadFraction = OverheadFraction };
}
