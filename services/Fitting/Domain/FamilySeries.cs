namespace OpenAccess.Fitting.Domain;

/// <summary>A family's adoption series with who released its base model.</summary>
public sealed record FamilySeries(string FamilyId, string Author, IReadOnlyList<AdoptionObservation> Series);
