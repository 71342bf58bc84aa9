using OpenAccess.Dashboard.Tests.Infrastructure;

namespace OpenAccess.Dashboard.Tests;

/// <summary>How the host serves the dashboard's files: the default page, and caching that suits each kind of file.</summary>
public sealed class DashboardFilesTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/model.html", "text/html")]
    [InlineData("/family.html", "text/html")]
    [InlineData("/access.html", "text/html")]
    [InlineData("/events.html", "text/html")]
    [InlineData("/js/api.js", "text/javascript")]
    [InlineData("/css/site.css", "text/css")]
    public async Task Pages_and_scripts_are_served_and_revalidated(string path, string type)
    {
        using var response = await host.Api.GetAsync(path);

        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache, $"{path} should be revalidated");
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task The_versioned_chart_library_is_cached_for_good()
    {
        using var response = await host.Api.GetAsync("/vendor/chart.js-4.5.1/chart.umd.min.js");

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Contains("Chart.js v4.5.1", await response.Content.ReadAsStringAsync());
    }
}
