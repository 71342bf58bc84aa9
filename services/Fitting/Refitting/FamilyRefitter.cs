using System.Diagnostics;
using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Fitting.Extensions;
using OpenAccess.Fitting.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Fitting.Refitting;

/// <summary>Refits one family, publishes <see cref="AdoptionForecastUpdated"/> and stores the fit.</summary>
public sealed class FamilyRefitter(FamilyFitBuilder builder, FittingStore store, FittingOptions options, ILogger<FamilyRefitter> logger)
{
    // The consumer and a refit-all may fit the same family at once; the check-publish-store step is
    // serialised so an older series never overwrites a newer fit.
    readonly SemaphoreSlim gate = new(1, 1);

    /// <returns>The new fit, or null when nothing was published: a newer series' fit is stored, or (with <paramref name="onlyIfChanged"/>) the fit did not change.</returns>
    public async Task<FamilyFit?> RefitAsync(
        FamilyAdoptionChanged series, SharedMValue m, IPublishEndpoint publisher, Guid messageId, bool onlyIfChanged, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var fit = builder.Build(series, m, options.ForecastHorizonMonths);
        FittingMetrics.RecordFit(Stopwatch.GetElapsedTime(started), ForecastUpdatedEvent.Status(fit.Status));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var stored = await store.Fits.GetAsync(series.FamilyId, cancellationToken);
            if (stored is not null && stored.SeriesVersion > fit.SeriesVersion)
                return null;
            if (onlyIfChanged && stored is not null && DocumentJson.Serialize(stored) == DocumentJson.Serialize(fit))
                return null;
            // Published before it is stored: if storing fails the redelivery publishes again under the
            // same message id, which downstream recognises; the other order could lose the event.
            await publisher.Publish(ForecastUpdatedEvent.From(fit), c => c.MessageId = messageId, cancellationToken);
            await store.Fits.UpsertAsync(series.FamilyId, fit, cancellationToken);
            logger.LogInformation("Fitted {FamilyId} series {Version} at m = {M}: {Status}", fit.FamilyId, fit.SeriesVersion, fit.M, fit.Status);
            return fit;
        }
        finally
        {
            gate.Release();
        }
    }
}
