namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// A licence as read from the card: its <c>Class</c>; the licence it was recognised as (<c>Name</c>, null when not
/// recognised); <c>Terms</c>, the conditions the class rests on (for the Llama licences the acceptable-use policy and the
/// 700 M monthly-user clause); <c>Evidence</c>, the card's own text it was read from (<c>license: other; license_name:
/// llama4</c>); and for an unknown licence the <c>Reason</c>.
/// </summary>
public sealed record LicenceReading(LicenceClass Class, string? Name, string? Terms, string Evidence, string? Reason);
