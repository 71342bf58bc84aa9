using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenAccess.ServiceDefaults.Messaging.Progress;

/// <summary>What a process tells of its consumers' backlog: each harvest run's progress, and its queues' depth.</summary>
internal static class BackpressureExtensions
{
    /// <summary>Inside the bus registration: the observer that counts each run's events, and the names of the consumer queues.</summary>
    public static void AddBackpressureObservers(this IBusRegistrationConfigurator bus, ConsumerQueues queues)
    {
        bus.AddConsumeObserver<RunProgressObserver>();
        bus.AddConfigureEndpointsCallback((_, queue, _) => queues.Add(queue));
    }

    /// <summary>
    /// After the bus registration, so these services stop before the bus does and the last counts still go out: the reporter,
    /// and on RabbitMQ the queue-depth gauge.
    /// </summary>
    public static void AddBackpressureReporting(this IHostApplicationBuilder builder, ConsumerQueues queues, Uri? rabbitMq)
    {
        var progress = builder.Configuration.GetSection(RunProgressOptions.Section).Get<RunProgressOptions>() ?? new RunProgressOptions();
        progress.Validate();
        var depth = builder.Configuration.GetSection(QueueDepthOptions.Section).Get<QueueDepthOptions>() ?? new QueueDepthOptions();
        depth.Validate();
        builder.Services.AddSingleton(progress);
        // The wall clock, not the host's TimeProvider: a test that stops the host's clock must not stop the reports.
        builder.Services.AddSingleton(new RunProgressCounter(progress, TimeProvider.System));
        builder.Services.AddHostedService<RunProgressReporter>();
        builder.Services.AddSingleton(queues);
        if (rabbitMq is not null && depth.IntervalSeconds > 0)
        {
            builder.Services.AddSingleton(sp => new QueueDepthGauge(rabbitMq, queues, depth, sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                sp.GetRequiredService<ILogger<QueueDepthGauge>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueDepthGauge>());
        }
    }
}
