using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>
/// A what-if body the service cannot read: every answer is a 400 ProblemDetails that names the JSON path and what it
/// accepts (ServiceDefaults' <c>JsonBodyProblems</c>, which every service shares), never a bare 400 or a stack trace.
/// </summary>
public sealed class WhatIfBodyTests : EvaluatorApiTest
{
    [Theory]
    [InlineData("""{"modelId":"a/b","batchSize":NaN}""", "$.batchSize", "NaN")]
    [InlineData("""{"modelId":"a/b","overheadFraction":-Infinity}""", "$.overheadFraction", "Infinity")]
    [InlineData("""{"modelId":"a/b","batchSize":"many"}""", "$.batchSize", "a whole number from -2,147,483,648 to 2,147,483,647")]
    [InlineData("""{"modelId":"a/b","batchSize":1.5}""", "$.batchSize", "a whole number")]
    [InlineData("""{"modelId":"a/b","precision":16}""", "$.precision", "a string")]
    [InlineData("""{"modelId":"a/b","gpuHourPriceUsd":true}""", "$.gpuHourPriceUsd", "a number of at most 28 significant digits")]
    [InlineData("""{"config":{"maxPositionEmbeddings":1e12},"modelType":"llama"}""", "$.config.maxPositionEmbeddings", "a whole number")]
    [InlineData("""{"config":{"layerTypes":[1]},"modelType":"llama"}""", "$.config.layerTypes[0]", "a string")]
    [InlineData("""{"request":{"inputTokens":"ten"}}""", "$.request.inputTokens", "a whole number")]
    [InlineData("""{"config":"llama"}""", "$.config", "a JSON object")]
    [InlineData("""this is not JSON""", "$", "not valid JSON")]
    [InlineData("""{"modelId":"a/b",}""", "$", "not valid JSON")]
    [InlineData("""{"modelId":"a/b""", "$.modelId", "not valid JSON")]
    [InlineData("""{"modelId":""", "$.modelId", "not valid JSON")]
    public async Task A_body_that_cannot_be_read_gets_a_400_naming_the_path_and_what_it_accepts(string body, string path, string accepted)
    {
        var detail = await Refused(body);

        Assert.Contains(path, detail);
        Assert.Contains(accepted, detail);
    }

    [Fact]
    public async Task A_body_nested_10000_deep_gets_a_400_naming_the_depth_limit()
    {
        var body = """{"modelId":"a/b","extra":""" + string.Concat(Enumerable.Repeat("""{"a":""", 10_000)) + "1" + new string('}', 10_001);

        var detail = await Refused(body);

        Assert.Contains("nested deeper than the limit of 64", detail);
        Assert.True(detail.Length < 500, detail);
    }

    [Fact]
    public async Task An_empty_body_or_one_that_is_not_JSON_gets_a_reason()
    {
        Assert.Contains("no body", await Refused(""));

        using var text = await http.PostAsync("/what-if", new StringContent("modelId=a/b", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Contains("application/json", await text.Content.ReadAsStringAsync());
    }

    async Task<string> Refused(string body)
    {
        using var response = await http.PostAsync("/what-if", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("   at ", text);
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
        TestContext.Current.TestOutputHelper?.WriteLine(detail);
        return detail;
    }
}
