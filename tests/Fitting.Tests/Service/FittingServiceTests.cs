using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Contracts;

namespace OpenAccess.Fitting.Tests.Service;

public sealed class FittingServiceTests : IAsyncLifetime
{
    readonly InMemoryFittingFactory factory = new();
    HttpClient http = null!;

    public ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    static FamilyAdoptionChanged Series(string family, long version, params int[] cumulative) => new()
    {
        FamilyId = family,
        Author = family.Split('/')[0],
        ReleasedAt = new DateTimeOffset(2023, 7, 9, 7, 34, 35, TimeSpan.Zero),
        SeriesVersion = version,
        Months = cumulative.Select((c, i) => new AdoptionPoint(new DateOnly(2023, 7, 1).AddMonths(i), i + 1, i == 0 ? c : c - cumulative[i - 1], c,
            new Dictionary<BaseModelRelation, int> { [BaseModelRelation.Finetune] = c })).ToList(),
    };

    [Fact]
    public async Task Keeps_the_newest_series_of_a_family_and_ignores_a_stale_one()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/series/meta-llama/Llama-2-7b")).StatusCode);

        await factory.Bus.Publish(Series("meta-llama/Llama-2-7b", 2, 3, 10, 25));
        var stored = await Eventually("/series/meta-llama/Llama-2-7b", s => s.GetProperty("seriesVersion").GetInt64() == 2);
        await factory.Bus.Publish(Series("meta-llama/Llama-2-7b", 1, 3, 4));
        await factory.Bus.Publish(Series("other/family", 1, 1));
        await Eventually("/series/other/family", _ => true);

        stored = await Eventually("/series/meta-llama/Llama-2-7b", _ => true);
        Assert.Equal(2, stored.GetProperty("seriesVersion").GetInt64());
        Assert.Equal([3, 10, 25], stored.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("cumulativeDerivatives").GetInt32()));
    }

    async Task<JsonElement> Eventually(string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await http.GetAsync(path);
            if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<JsonElement>() is var body && done(body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} never reached the expected state");
            await Task.Delay(100);
        }
    }
}
