namespace OpenAccess.Harvester.Runs;

/// <summary>
/// The one folder whose files a run may import by path (<c>POST /runs</c> with <c>options.path</c>); none by default,
/// so a request cannot make the harvester read, quarantine or hash a file of the server. A path is resolved (relative to
/// the folder, <c>..</c> and every symbolic link followed) before it is compared with the folder, so a link inside it
/// that points out is refused like the path it points to.
/// </summary>
public sealed class ImportFolder
{
    public const string Setting = "OpenAccess:Harvester:ImportFolder";
    // As the kernel's own limit on links followed in one lookup (ELOOP): a loop of links ends here.
    const int MaxLinks = 40;

    ImportFolder(string? root) => Root = root;

    /// <summary>The folder's real path (links resolved); null when none is configured.</summary>
    public string? Root { get; }

    /// <exception cref="InvalidOperationException">The setting names no existing folder.</exception>
    public static ImportFolder From(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return new ImportFolder(null);
        var root = RealPath(Path.GetFullPath(configured));
        if (!Directory.Exists(root))
            throw new InvalidOperationException($"{Setting}: '{configured}' is not an existing folder.");
        return new ImportFolder(Path.TrimEndingDirectorySeparator(root));
    }

    /// <summary>The real path of a regular file inside the folder that <paramref name="requested"/> names.</summary>
    /// <exception cref="ArgumentException">No folder is set, or the path is outside it, missing, or not a regular file with content.</exception>
    public string Resolve(string requested)
    {
        if (Root is null)
            throw new ArgumentException(
                $"options.path: importing a file of the server is off; set {Setting} to a folder whose files may be imported, " +
                "or send the file as the body of POST /snapshots");
        if (string.IsNullOrWhiteSpace(requested))
            throw new ArgumentException("options.path is empty; name a file in the import folder");
        if (requested.Any(char.IsControl))
            throw new ArgumentException("options.path must be a file name or path without control characters");

        string real;
        try
        {
            real = RealPath(Path.GetFullPath(requested, Root));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"options.path '{requested}' cannot be read");
        }

        var relative = Path.GetRelativePath(Root, real);
        // The message names the path as sent, never where a link led: that would describe the server's files.
        if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
            throw new ArgumentException($"options.path '{requested}' is outside the import folder ({Setting}); only files in it may be imported");
        if (Directory.Exists(real))
            throw new ArgumentException($"options.path '{requested}' is a folder; name a file in it");

        var file = new FileInfo(real);
        if (!file.Exists)
            throw new ArgumentException($"options.path: no file '{requested}' in the import folder");
        // .NET has no portable way to ask a file's type; devices, pipes, sockets and /proc files all have a size of 0,
        // and a pipe would block the reader until something writes to it.
        if (file.Length == 0)
            throw new ArgumentException($"options.path '{requested}' is empty or not a regular file (devices, pipes and sockets are refused)");
        return real;
    }

    /// <summary>The path with every symbolic link in it resolved, as far as it exists (the rest is kept as written).</summary>
    static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath)!;
        var pending = new Stack<string>(Segments(fullPath[root.Length..]).Reverse());
        var current = root;
        var links = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, segment);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
                throw new ArgumentException($"options.path: more than {MaxLinks} symbolic links on the way (a loop)");
            foreach (var part in Segments(target).Reverse()) pending.Push(part);
            if (Path.IsPathRooted(target)) current = Path.GetPathRoot(target)!;
        }

        return current;
    }

    static IEnumerable<string> Segments(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
