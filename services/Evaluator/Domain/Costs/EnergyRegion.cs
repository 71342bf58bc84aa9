namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Average retail electricity price of a region, US dollars per kilowatt-hour, and the month it was observed
/// (<c>AsOf</c>, e.g. <c>2024-08</c>).
/// </summary>
public sealed record EnergyRegion(string Id, string Name, decimal PricePerKwhUsd, string AsOf, string Source);
