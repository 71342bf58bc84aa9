namespace OpenAccess.Evaluator.Domain;

/// <summary>An input a user can get wrong (negative context, zero batch, unknown GPU id…); the message says which and why.</summary>
public sealed class AccessCalculationException(string message) : Exception(message);
