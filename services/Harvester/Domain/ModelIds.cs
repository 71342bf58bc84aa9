namespace OpenAccess.Harvester.Domain;

/// <summary>Hub repository ids: <c>author/name</c>, or a bare legacy name such as <c>gpt2</c>.</summary>
public static class ModelIds
{
    /// <summary>The default of <c>OpenAccess:Harvester:MaxModelIdLength</c>: the Hub allows 96 characters a name.</summary>
    public const int DefaultMaxLength = 200;

    public static bool IsValid(string id, int maxLength = DefaultMaxLength) => Problem(id, maxLength) is null;

    /// <summary>
    /// Why <paramref name="id"/> is not an id Lineage can serve under a URL, or null. Dot segments (<c>x/..</c>) would be
    /// rewritten by any URL parser, so no link reaches them.
    /// </summary>
    public static string? Problem(string id, int maxLength = DefaultMaxLength)
    {
        if (id.Length == 0) return "is empty";
        if (id.Length > maxLength) return $"is {id.Length} characters long, more than MaxModelIdLength ({maxLength})";
        if (id.Any(char.IsControl)) return "holds a control character";
        if (id.Contains("://", StringComparison.Ordinal)) return "is a URL, not 'author/name'";
        var segments = 1;
        var start = 0;
        for (var i = 0; i <= id.Length; i++)
        {
            if (i < id.Length && id[i] != '/') continue;
            var segment = id.AsSpan(start, i - start);
            if (segment.IsEmpty) return "has an empty segment (expected 'author/name')";
            if (segment is "." or "..") return $"has a dot segment '{segment}' (expected 'author/name')";
            if (i < id.Length && ++segments > 2) return "has more than two segments (expected 'author/name')";
            start = i + 1;
        }

        return id.All(IsIdChar) ? null : "holds a character other than ASCII letters, digits, '-', '_', '.' and one '/'";
    }

    public static string AuthorOf(string id) => id.Contains('/') ? id[..id.IndexOf('/')] : id;

    static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/';
}
