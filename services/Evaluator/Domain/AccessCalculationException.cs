namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// An input a user can get wrong (negative context, zero batch, unknown GPU id…); the message says which and why.
/// <c>Field</c> (the body or query field) and <c>Rule</c> (the rule it breaks) are given where one field is to blame,
/// so an API answer can name them apart from the message.
/// </summary>
public sealed class AccessCalculationException(string message, string? field = null, string? rule = null) : Exception(message)
{
    public string? Field { get; } = field;
    public string? Rule { get; } = rule;
}
