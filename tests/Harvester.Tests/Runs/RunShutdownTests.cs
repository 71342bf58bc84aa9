using System.Net.Http.Json;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Tests.Runs;

/// <summary>A run going on when the harvester stops (a deploy, a scale-down): what the store holds once the host has stopped.</summary>
public sealed class RunShutdownTests : IDisposable
{
    /// <summary>How long the store takes to record a run stopped: longer than the host takes to stop with nothing to wait for.</summary>
    static readonly TimeSpan SlowRecord = TimeSpan.FromSeconds(3);

    readonly string folder = Directory.CreateTempSubdirectory("openaccess-shutdown-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_run_going_on_when_the_harvester_stops_has_recorded_itself_interrupted_by_the_time_the_host_has_stopped()
    {
        var hub = await FakeHub.StartAsync([RealModels.FromSeed(4)]);
        await using var server = hub.Server;
        var held = new TaskCompletionSource();
        hub.Intercept = async (key, attempt, context) =>
        {
            held.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
            return true;
        };
        var data = Path.Combine(folder, "data");
        var app = await HarvesterApp.StartAsync(data, server.Address, builder => SlowToRecordStops.Around(builder.Services));
        var run = (await (await app.Http.PostAsJsonAsync("/runs", new { source = "hub" })).Content.ReadFromJsonAsync<HarvestRun>())!;
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await app.DisposeAsync();

        // Read as the next process would: a run still "running" here would be written to by a host that has gone.
        var store = new SqliteHarvestStore(new SqliteDatabase(Path.Combine(data, "harvester.db")));
        var recorded = await store.GetRunAsync(run.Id, CancellationToken.None);
        Assert.Equal(HarvestRun.Interrupted, recorded!.Status);
    }

    /// <summary>The harvester's store, taking <see cref="SlowRecord"/> to save a run as interrupted, as a store under load may.</summary>
    public class SlowToRecordStops : DispatchProxy
    {
        IHarvestStore inner = null!;

        public static void Around(IServiceCollection services)
        {
            var original = services.Last(d => d.ServiceType == typeof(IHarvestStore));
            services.AddSingleton(sp =>
            {
                var proxy = Create<IHarvestStore, SlowToRecordStops>();
                ((SlowToRecordStops)(object)proxy).inner = (IHarvestStore)original.ImplementationFactory!(sp);
                return proxy;
            });
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IHarvestStore.SaveRunAsync) && args![0] is HarvestRun { Status: HarvestRun.Interrupted })
            {
                return Task.Delay(SlowRecord).ContinueWith(_ => (Task)method.Invoke(inner, args)!, TaskScheduler.Default).Unwrap();
            }

            return method.Invoke(inner, args);
        }
    }
}
