using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenAccess.Fitting.Refitting;

namespace OpenAccess.Fitting.Tests.Service;

/// <summary>
/// The m re-estimation loop ends completed, not cancelled, when the host goes: a cancelled one is what a host disposed
/// without a stop logs as "BackgroundService failed" (critical) with the PeriodicTimer's OperationCanceledException.
/// </summary>
public sealed class BackgroundShutdownTests
{
    [Fact]
    public async Task The_m_estimation_loop_ends_completed_when_the_host_is_disposed()
    {
        var factory = new InMemoryFittingFactory();
        using var http = factory.CreateClient();
        using var ready = await http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var job = factory.Services.GetServices<IHostedService>().OfType<MEstimationJob>().Single();
        Assert.False(job.ExecuteTask!.IsCompleted);

        await factory.DisposeAsync();

        Assert.Equal(TaskStatus.RanToCompletion, job.ExecuteTask.Status);
    }
}
