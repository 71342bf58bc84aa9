namespace OpenAccess.Lineage.Domain;

/// <summary>
/// Which ids the graph takes: a Hub id is <c>author/name</c> (a few legacy ones a bare name), and each
/// must be reachable as a URL path, so no empty or dot segment and no control character.
/// </summary>
public static class ModelIds
{
    /// <summary>Why <paramref name="id"/> is not a model id; null when it is one.</summary>
    public static string? Problem(string? id, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(id)) return "the id is empty";
        if (id.Length > maxLength) return $"the id is {id.Length:N0} characters long, over the limit of {maxLength}";
        foreach (var c in id)
            if (char.IsControl(c)) return $"the id contains the control character U+{(int)c:X4}";
        var slash = id.IndexOf('/');
        if (slash >= 0 && id.IndexOf('/', slash + 1) >= 0) return "the id has more than one '/' (ids are 'author/name' or a bare name)";
        string[] segments = slash < 0 ? [id] : [id[..slash], id[(slash + 1)..]];
        foreach (var segment in segments)
        {
            if (segment.Length == 0) return "the id has an empty segment";
            if (segment is "." or "..") return $"the id has the segment '{segment}', which no URL reaches";
            if (segment.Trim().Length != segment.Length) return "a segment of the id starts or ends with white space";
        }
        return null;
    }
}
