using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Evaluator.Consumers;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>The Evaluator's own Program on the in-memory bus with a SQLite file in a temporary folder, plus any settings given.</summary>
public sealed class InMemoryEvaluatorFactory(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<ModelDiscoveredConsumer>
{
    readonly string data = Directory.CreateTempSubdirectory("openaccess-evaluator-").FullName;

    public IBus Bus => Services.GetRequiredService<IBus>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpenAccess:Bus:InMemory", "true");
        builder.UseSetting("OpenAccess:DataDirectory", data);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }
}
