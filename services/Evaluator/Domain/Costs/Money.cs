namespace OpenAccess.Evaluator.Domain;

/// <summary>Presentation rounding. Calculations keep full decimal precision; only what is shown is rounded.</summary>
public static class Money
{
    public static decimal ToCents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
