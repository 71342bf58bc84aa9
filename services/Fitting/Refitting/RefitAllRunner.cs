using System.Globalization;
using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Extensions;
using OpenAccess.Fitting.Storage;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Fitting.Refitting;

/// <summary>
/// Re-estimates m (unless it is configured) over every stored family and refits every family with it.
/// One run at a time; a request while one runs joins it.
/// </summary>
public sealed class RefitAllRunner(
    FittingStore store, SharedM sharedM, SharedMEstimator estimator, FamilyRefitter refitter, IBus bus,
    FittingOptions options, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<RefitAllRunner> logger)
{
    readonly Lock sync = new();
    Task running = Task.CompletedTask;

    public RefitAllStatus Status { get; private set; } = RefitAllStatus.Idle;

    /// <summary>Starts a run unless one is running; either way answers with the run's status and the task that finishes it.</summary>
    /// <param name="trigger">Who asked: <c>request</c> or <c>schedule</c>.</param>
    /// <param name="refitWhenMUnchanged">false for the schedule: families are refitted only when the estimate moved m.</param>
    public (RefitAllStatus Status, Task Completion) Start(string trigger, bool refitWhenMUnchanged)
    {
        lock (sync)
        {
            if (!Status.IsRunning)
            {
                Status = new RefitAllStatus("estimating-m", trigger, clock.GetUtcNow(), null, 0, 0, 0, null, null, null);
                running = Task.Run(() => RunAsync(refitWhenMUnchanged, lifetime.ApplicationStopping));
            }
            return (Status, running);
        }
    }

    async Task RunAsync(bool refitWhenMUnchanged, CancellationToken ct)
    {
        try
        {
            var before = await sharedM.CurrentAsync(ct);
            var m = options.FixedM is null ? await EstimateAsync(before, ct) : before;
            if (!refitWhenMUnchanged && m.M == before.M)
            {
                Update(s => s with { State = "completed", FinishedAt = clock.GetUtcNow(), M = m.M, MSource = m.Source });
                return;
            }

            var families = await store.Series.ReadAllAsync(ct).ToListAsync(ct);
            Update(s => s with { State = "refitting", Families = families.Count, M = m.M, MSource = m.Source });
            foreach (var series in families)
            {
                // Not the consumer's id: a fit at another m is another message.
                var id = MessageIds.From(series.FamilyId, series.SeriesVersion.ToString(CultureInfo.InvariantCulture), "m", m.M.ToString("R", CultureInfo.InvariantCulture));
                var changed = await refitter.RefitAsync(series, m, bus, id, onlyIfChanged: true, ct) is not null;
                Update(s => s with { Refitted = s.Refitted + 1, Changed = s.Changed + (changed ? 1 : 0) });
            }
            Update(s => s with { State = "completed", FinishedAt = clock.GetUtcNow() });
        }
        catch (Exception e)
        {
            logger.LogError(e, "Refit of all families failed");
            Update(s => s with { State = "failed", FinishedAt = clock.GetUtcNow(), Failure = e.Message });
        }
    }

    async Task<SharedMValue> EstimateAsync(SharedMValue before, CancellationToken ct)
    {
        var families = new List<IReadOnlyList<AdoptionObservation>>();
        await foreach (var series in store.Series.ReadAllAsync(ct))
            families.Add(FamilyFitBuilder.Observations(series));
        if (estimator.Estimate(families) is not { } estimate)
        {
            logger.LogInformation("No fittable family to estimate m from; m stays {M} ({Source})", before.M, before.Source);
            return before;
        }

        var m = new SharedMValue(estimate.M, SharedMValue.Estimated, estimate.FamiliesUsed, clock.GetUtcNow(), estimate.Profile);
        await sharedM.SetAsync(m, ct);
        logger.LogInformation("Estimated m = {M} from {Families} families", m.M, m.FamiliesUsed);
        return m;
    }

    void Update(Func<RefitAllStatus, RefitAllStatus> change)
    {
        lock (sync)
            Status = change(Status);
    }
}
