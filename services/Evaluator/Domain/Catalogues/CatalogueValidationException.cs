namespace OpenAccess.Evaluator.Domain;

/// <summary>A catalogue file is malformed; the message names the file, the entry and what is wrong.</summary>
public sealed class CatalogueValidationException(string file, string entry, string reason)
    : Exception($"Catalogue '{file}', entry '{entry}': {reason}")
{
    public string File { get; } = file;
    public string Entry { get; } = entry;
    public string Reason { get; } = reason;
}
