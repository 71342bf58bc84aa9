using OpenAccess.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>The service as a subscriber sees it: events in on the bus, answers out over HTTP.</summary>
public sealed class LineageServiceTests : IAsyncLifetime
{
    readonly InMemoryLineageFactory factory = new();
    HttpClient http = null!;

    public ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    static ModelDiscovered Model(string id, DateTimeOffset modified, params BaseModelLink[] parents) => new()
    {
        Id = id, Author = id.Split('/')[0], Sha = $"sha-of-{modified:yyyyMMdd}", LastModified = modified, CreatedAt = modified.AddDays(-1), BaseModels = parents,
    };

    [Fact]
    public async Task A_child_arriving_before_its_parent_is_linked_once_the_parent_arrives()
    {
        var t = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await factory.Bus.PublishModels(Model("someone/tuned", t, new BaseModelLink("org/base", BaseModelRelation.Adapter)));
        var pending = await EventuallyJson("/models/org/base/children", HttpStatusCode.OK);
        Assert.Equal(1, pending.GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/models/org/base")).StatusCode);

        await factory.Bus.PublishModels(Model("org/base", t));

        var parent = await EventuallyJson("/models/org/base", HttpStatusCode.OK);
        var child = Assert.Single(parent.GetProperty("children").EnumerateArray());
        Assert.Equal(("someone/tuned", "Adapter"), (child.GetProperty("id").GetString(), child.GetProperty("relation").GetString()));
    }

    [Fact]
    public async Task A_late_older_revision_does_not_overwrite_a_newer_one()
    {
        var t = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await factory.Bus.PublishModels(Model("a/model", t.AddDays(2), new BaseModelLink("new/parent", BaseModelRelation.Merge)));
        await EventuallyJson("/models/a/model", HttpStatusCode.OK);

        await factory.Bus.PublishModels(Model("a/model", t, new BaseModelLink("old/parent", BaseModelRelation.Finetune)));
        await factory.Bus.PublishModels(Model("z/marker", t));
        await EventuallyJson("/models/z/marker", HttpStatusCode.OK);

        var model = await EventuallyJson("/models/a/model", HttpStatusCode.OK);
        Assert.Equal("new/parent", Assert.Single(model.GetProperty("model").GetProperty("parents").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Unknown_models_and_bad_paging_get_problem_details()
    {
        var missing = await http.GetAsync("/models/nobody/nothing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Contains("nobody/nothing", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var badLimit = await http.GetAsync("/models/a/b/children?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Equal("application/problem+json", badLimit.Content.Headers.ContentType!.MediaType);
    }

    async Task<JsonElement> EventuallyJson(string path, HttpStatusCode status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await http.GetAsync(path);
            if (response.StatusCode == status)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} still answers {response.StatusCode}");
            await Task.Delay(100);
        }
    }
}

public sealed class LineageOpenApiTests : IAsyncLifetime
{
    readonly InMemoryLineageFactory factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task The_document_lists_the_routes_and_names_the_gateway_prefix_as_its_server()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Add("X-Forwarded-Prefix", "/api/lineage");
        using var response = await factory.CreateClient().SendAsync(request);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("/api/lineage", document.GetProperty("servers")[0].GetProperty("url").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/models/{author}/{name}/descendants", paths);
        Assert.Contains("/stats/concentration", paths);
        Assert.Contains("/families/{author}/{name}/adoption", paths);
    }
}
