using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace OpenAccess.ServiceDefaults.Messaging.Replay;

public static class ReplayExtensions
{
    /// <summary>Lets the service replay one event it publishes (<c>POST /replays</c>, mapped with <see cref="ReplayApi.MapReplayApi"/>).</summary>
    public static IHostApplicationBuilder AddReplaySource<TSource>(this IHostApplicationBuilder builder) where TSource : class, IReplaySource
    {
        builder.RequireBus();
        var options = builder.Configuration.GetSection(ReplayOptions.Section).Get<ReplayOptions>() ?? new ReplayOptions();
        options.Validate();
        builder.Services.TryAddSingleton(options);
        if (builder.RabbitMqBroker() is { } broker)
        {
            builder.Services.TryAddSingleton<IReplayQueues>(new RabbitMqReplayQueues(broker));
        }
        else
        {
            builder.Services.TryAddSingleton<IReplayQueues, InMemoryReplayQueues>();
        }

        builder.Services.TryAddSingleton<ReplayRuns>();
        builder.Services.AddSingleton<IReplaySource, TSource>();
        return builder;
    }
}
