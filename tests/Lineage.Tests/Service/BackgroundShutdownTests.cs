using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Lineage.Graph;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>
/// Lineage's timer loops end quietly when the host stops. Their tasks end completed, not cancelled: a cancelled one is what a host
/// disposed without a stop logs as "BackgroundService failed" with the PeriodicTimer's OperationCanceledException.
/// </summary>
public sealed class BackgroundShutdownTests
{
    [Fact]
    public async Task Recovery_and_the_adoption_sweeps_end_completed_when_the_host_stops()
    {
        var factory = new InMemoryLineageFactory();
        using var http = factory.CreateClient();
        using var ready = await http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var recovery = factory.Services.GetRequiredService<InferredParents>();
        var sweeps = factory.Services.GetRequiredService<AdoptionPublisher>();
        Assert.False(recovery.ExecuteTask!.IsCompleted);
        Assert.False(sweeps.ExecuteTask!.IsCompleted);

        await factory.DisposeAsync();

        Assert.Equal(TaskStatus.RanToCompletion, recovery.ExecuteTask.Status);
        Assert.Equal(TaskStatus.RanToCompletion, sweeps.ExecuteTask.Status);
    }
}
