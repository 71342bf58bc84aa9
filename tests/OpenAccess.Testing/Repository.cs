namespace OpenAccess.Testing;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenAccess.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No OpenAccess.sln above {AppContext.BaseDirectory}.");
    }
}
