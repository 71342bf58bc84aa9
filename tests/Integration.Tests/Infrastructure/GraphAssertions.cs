namespace OpenAccess.Integration.Tests.Infrastructure;

/// <summary>Reads the whole graph back through the HTTP API and compares it with the snapshot's tags.</summary>
public static class GraphAssertions
{
    public static async Task AssertGraphEqualsSnapshotAsync(ApiClient api, string snapshotPath)
    {
        var (ids, expected) = Snapshot.Read(snapshotPath);
        var parentsSeen = new HashSet<Snapshot.Link>();
        foreach (var id in ids)
        {
            var model = await api.GetJsonAsync($"/api/lineage/models/{id}");
            Assert.True(model.HasValue, $"{id} is missing from the lineage API");
            foreach (var parent in model.Value.GetProperty("model").GetProperty("parents").EnumerateArray())
            {
                parentsSeen.Add(new Snapshot.Link(id, parent.GetProperty("id").GetString()!, parent.GetProperty("relation").GetString()!.ToLowerInvariant()));
            }
        }

        Assert.Equal(expected.OrderBy(l => (l.Child, l.Parent)), parentsSeen.OrderBy(l => (l.Child, l.Parent)));

        var childrenSeen = new HashSet<Snapshot.Link>();
        foreach (var parent in expected.Select(l => l.Parent).Distinct())
        {
            var page = await api.GetJsonAsync($"/api/lineage/models/{parent}/children?limit=1000");
            Assert.True(page.HasValue, $"children of {parent} are missing");
            Assert.Equal(expected.Count(l => l.Parent == parent), page.Value.GetProperty("total").GetInt64());
            foreach (var child in page.Value.GetProperty("children").EnumerateArray())
            {
                childrenSeen.Add(new Snapshot.Link(child.GetProperty("id").GetString()!, parent, child.GetProperty("relation").GetString()!.ToLowerInvariant()));
            }
        }

        Assert.Equal(expected.OrderBy(l => (l.Child, l.Parent)), childrenSeen.OrderBy(l => (l.Child, l.Parent)));
    }
}
