namespace OpenAccess.Harvester.Domain;

/// <summary>Hub repository ids: <c>author/name</c>, or a bare legacy name such as <c>gpt2</c>.</summary>
public static class ModelIds
{
    public static bool IsValid(string id)
    {
        if (id.Length is 0 or > 200 || id.Contains("://", StringComparison.Ordinal) || id.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var parts = id.Split('/');
        return parts.Length <= 2 && parts.All(p => p.Length > 0 && p.All(IsIdChar));
    }

    public static string AuthorOf(string id) => id.Contains('/') ? id[..id.IndexOf('/')] : id;

    static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
