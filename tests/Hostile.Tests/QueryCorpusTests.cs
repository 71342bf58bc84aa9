using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenAccess.Hostile.Tests.Infrastructure;

namespace OpenAccess.Hostile.Tests;

/// <summary>Bad query parameters and request bodies: each a 400 (or 404, 413) ProblemDetails naming what was wrong.</summary>
[Collection(CorpusCollection.Name)]
public sealed class QueryCorpusTests(CorpusHost corpus)
{
    public static TheoryData<string, string> BadQueries => new()
    {
        // Errors without a reason (issue #16, item 10), and the cases that were already answered well.
        { "/api/harvest/runs?limit=1e9", "limit" },
        { "/api/harvest/runs?limit=0", "limit" },
        { "/api/harvest/snapshots/export?gzip=maybe", "gzip" },
        { "/api/lineage/stats/benchmark-deltas?leaderboard=v9", "leaderboard" },
        { "/api/access/benchmark-costs?leaderboard=v9", "leaderboard" },
        { "/api/access/benchmark-costs?limit=-5", "limit" },
        { "/api/access/openness/stats?by=decade", "by" },
        { "/api/access/openness/stats?limit=1e9", "limit" },
        { "/api/access/openness/stats?by=quarter&by=family", "by" },
        { "/api/lineage/stats/authors?period=century", "period" },
        { "/api/lineage/stats/new-models?from=yesterday", "from" },
        { "/api/lineage/stats/new-models?from=2025-01-01&to=2024-01-01", "from" },
        { "/api/lineage/stats/architectures?top=100000", "top" },
        { "/api/lineage/models/warm-up/base/children?limit=-1", "limit" },
        { "/api/lineage/models/warm-up/base/children?offset=99999999999999", "offset" },
        { "/api/lineage/search?q=&limit=1e9", "limit" },
        { "/api/fitting/fits/warm-up/base/forecast?horizon=forever", "horizon" },
        { "/api/harvest/quarantine?limit=1e9", "limit" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_query_parameter_is_a_400_naming_it(string path, string parameter)
    {
        using var response = await corpus.SendAsync(HttpMethod.Get, path, admin: true);
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, parameter);
        await corpus.Host.AssertAliveAsync(path);
    }

    [Theory]
    [InlineData("/api/lineage/models/no-such/model")]
    [InlineData("/api/lineage/models/no-such/model/ancestors")]
    [InlineData("/api/access/models/no-such/model")]
    [InlineData("/api/fitting/fits/no-such/model")]
    [InlineData("/api/access/openness/stats?family=no-such/model")]
    [InlineData("/api/harvest/runs/no-such-run")]
    public async Task An_unknown_id_is_a_404_naming_it(string path)
    {
        using var response = await corpus.SendAsync(HttpMethod.Get, path);
        await Problem.AssertAsync(response, HttpStatusCode.NotFound, path.Contains("runs") ? "no-such-run" : "no-such");
    }

    [Fact]
    public async Task The_widest_time_range_on_clean_data_is_answered_in_a_bounded_size_or_refused()
    {
        foreach (var stat in (string[])["new-models", "architectures", "concentration", "authors"])
        {
            using var response = await corpus.SendAsync(HttpMethod.Get, $"/api/lineage/stats/{stat}?from=0001-01-01&to=9999-12-31");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
                Assert.True(body.Length < 1 << 20, $"/stats/{stat} over 0001–9999 answered {body.Length:N0} bytes");
            else
                await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "from");
        }
    }

    /// <summary>A what-if a user could send: an 8B Llama-shaped config on one H100, with prices.</summary>
    static JsonObject WhatIf() => new()
    {
        ["modelType"] = "llama",
        ["config"] = new JsonObject
        {
            ["numHiddenLayers"] = 32, ["numAttentionHeads"] = 32, ["numKeyValueHeads"] = 8, ["hiddenSize"] = 4096,
            ["intermediateSize"] = 14336, ["vocabSize"] = 128256, ["maxPositionEmbeddings"] = 131072,
        },
        ["precision"] = "bf16",
        ["gpuId"] = "h100-sxm-80gb",
        ["regionId"] = "us-average",
        ["gpuHourPriceUsd"] = 2.5m,
        ["secondsPerRequest"] = 1,
        ["request"] = new JsonObject { ["inputTokens"] = 500, ["outputTokens"] = 100 },
    };

    [Fact]
    public async Task The_what_if_base_case_is_answered()
    {
        using var response = await corpus.SendAsync(HttpMethod.Post, "/api/access/what-if", CorpusHost.JsonBody(WhatIf().ToJsonString()));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, string> AbsurdNumbers => new()
    {
        // Large numbers that overflowed decimal or wrapped (item 4).
        { "gpuHourPriceUsd", "1e27", "gpuHourPriceUsd" },
        { "secondsPerRequest", "1e-28", "secondsPerRequest" },
        { "parameterCount", "9223372036854775807", "parameterCount" },
        { "batchSize", "2147483647", "batchSize" },
        { "contextTokens", "2147483647", "contextTokens" },
        { "overheadFraction", "1e308", "overheadFraction" },
        { "tokensPerSecond", "1e-28", "tokensPerSecond" },
        { "gpuHourPriceUsd", "-1", "gpuHourPriceUsd" },
        { "batchSize", "0", "batchSize" },
    };

    [Theory]
    [MemberData(nameof(AbsurdNumbers))]
    public async Task An_absurd_number_in_a_what_if_is_answered_or_refused_naming_the_field(string field, string value, string mention)
    {
        var body = WhatIf();
        if (field == "parameterCount") body.Remove("config");
        if (field == "parameterCount") body["precision"] = "fp32";
        body[field] = JsonNode.Parse(value);
        using var response = await corpus.SendAsync(HttpMethod.Post, "/api/access/what-if", CorpusHost.JsonBody(body.ToJsonString()));
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, mention);
        await corpus.Host.AssertAliveAsync($"{field}: {value}");
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        // Bodies that got a bare 400 (item 10).
        { "NaN literal", """{"modelType":"llama","batchSize":NaN}""", "batchSize" },
        { "wrong type", """{"modelType":"llama","batchSize":"many"}""", "batchSize" },
        { "number too large for its field", """{"modelType":"llama","config":{"maxPositionEmbeddings":1e12}}""", "maxPositionEmbeddings" },
        { "snake_case field too large", """{"modelType":"llama","config":{"numHiddenLayers":32,"max_position_embeddings":1e12}}""", "" },
        { "not JSON", "this is not json", "JSON" },
        { "truncated JSON", """{"modelType":"llama","config":{""", "JSON" },
        { "nested 10,000 deep", string.Concat(Enumerable.Repeat("""{"a":""", 10_000)) + "1" + new string('}', 10_000), "deep" },
        { "array instead of object", "[1,2,3]", "JSON" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_what_if_body_is_a_400_saying_what_is_wrong(string what, string body, string mention)
    {
        using var response = await corpus.SendAsync(HttpMethod.Post, "/api/access/what-if", CorpusHost.JsonBody(body));
        if (mention.Length == 0)
        {
            // An unknown field is ignored as JSON allows; the answer is then about the fields it knows, never a 500.
            Assert.True((int)response.StatusCode is 200 or 400, $"{what}: {(int)response.StatusCode}");
            if (response.StatusCode != HttpStatusCode.OK) await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        }
        else
        {
            await Problem.AssertAsync(response, HttpStatusCode.BadRequest, mention);
        }

        await corpus.Host.AssertAliveAsync(what);
    }

    [Fact]
    public async Task A_bad_run_body_is_a_400_saying_what_is_wrong()
    {
        using var notJson = await corpus.SendAsync(HttpMethod.Post, "/api/harvest/runs", CorpusHost.JsonBody("{\"source\":"), admin: true);
        await Problem.AssertAsync(notJson, HttpStatusCode.BadRequest, "JSON");
        using var unknown = await corpus.SendAsync(HttpMethod.Post, "/api/harvest/runs", CorpusHost.JsonBody("""{"source":"ftp"}"""), admin: true);
        await Problem.AssertAsync(unknown, HttpStatusCode.BadRequest, "source");
        using var wrongType = await corpus.SendAsync(HttpMethod.Post, "/api/harvest/runs", CorpusHost.JsonBody("""{"source":"hub","options":{"maxPages":"all"}}"""), admin: true);
        await Problem.AssertAsync(wrongType, HttpStatusCode.BadRequest, "maxPages");
    }

    [Fact]
    public async Task An_oversized_what_if_body_is_refused_and_the_host_lives()
    {
        var before = corpus.Host.ResidentBytes;
        var huge = "{\"modelType\":\"" + new string('x', 40 << 20) + "\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/access/what-if") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true; // the client waits to be told, as curl does, instead of sending 40 MB into a closed connection
        using var response = await corpus.Http.SendAsync(request);
        Assert.True((int)response.StatusCode is 400 or 413, $"{(int)response.StatusCode}");
        await corpus.AssertMemoryReturnedAsync("a 40 MB what-if body", before);
    }
}
