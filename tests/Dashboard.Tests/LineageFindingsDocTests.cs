using OpenAccess.Dashboard.Tests.Infrastructure;

namespace OpenAccess.Dashboard.Tests;

/// <summary>
/// docs/lineage.md's table of seed 000's findings is what the API answers on the leaderboard tables: the test writes the
/// tables from the API's answers (<see cref="SeedFindings"/>) and compares them with the text between the markers.
/// </summary>
public sealed class LineageFindingsDocTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    const string Begin = "<!-- seed-000-findings:begin (written by tests/Dashboard.Tests/LineageFindingsDocTests) -->";
    const string End = "<!-- seed-000-findings:end -->";

    [Fact]
    public async Task The_findings_in_docs_lineage_md_are_what_the_api_answers()
    {
        await LeaderboardTables.ImportedAsync(host);
        var expected = await SeedFindings.WriteAsync(host.Api);

        var root = RepositoryRoot();
        var doc = await File.ReadAllTextAsync(Path.Combine(root, "docs", "lineage.md"));
        var (start, end) = (doc.IndexOf(Begin, StringComparison.Ordinal), doc.IndexOf(End, StringComparison.Ordinal));
        Assert.True(start >= 0 && end > start, $"docs/lineage.md has no '{Begin}' … '{End}' section.");
        var written = doc[(start + Begin.Length)..end].Trim().ReplaceLineEndings("\n");

        var answer = Path.Combine(root, "artifacts", "test-results", "seed-000-findings.md");
        Directory.CreateDirectory(Path.GetDirectoryName(answer)!);
        await File.WriteAllTextAsync(answer, expected);
        Assert.True(written == expected.Trim().ReplaceLineEndings("\n"),
            $"docs/lineage.md's findings differ from what the API answers now; the API's version is in {answer}.");
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpenAccess.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (OpenAccess.sln) was not found above the test's folder.");
    }
}
