namespace OpenAccess.Contracts.Tests;

/// <summary>Paths in the repository the tests run from.</summary>
static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>The committed schemas: shared/OpenAccess.Contracts/schemas/{Type}.json.</summary>
    public static string Schemas => PathOf("shared/OpenAccess.Contracts/schemas");

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
