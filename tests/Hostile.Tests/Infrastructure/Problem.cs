using System.Net;
using System.Text.Json;

namespace OpenAccess.Hostile.Tests.Infrastructure;

/// <summary>What every refusal must be: a ProblemDetails with the expected status whose detail names what was wrong.</summary>
public static class Problem
{
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, params string[] detailMentions)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {Cut(body)}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"expected a ProblemDetails, got {response.Content.Headers.ContentType}: {Cut(body)}");
        var problem = JsonDocument.Parse(body).RootElement;
        var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        Assert.False(string.IsNullOrWhiteSpace(detail), $"the {(int)status} gives no detail: {Cut(body)}");
        foreach (var mention in detailMentions)
            Assert.True(detail.Contains(mention, StringComparison.OrdinalIgnoreCase), $"the detail does not mention '{mention}': {detail}");
        Assert.DoesNotContain("   at ", body); // no stack trace
        return problem;
    }

    static string Cut(string body) => body.Length > 600 ? body[..600] + "…" : body;
}
