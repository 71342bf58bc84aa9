using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Graph;

/// <summary>
/// Publishes <see cref="FamilyAdoptionChanged"/> for the families whose series changed, coalesced: one sweep
/// per <see cref="LineageOptions.AdoptionInterval"/>, never one event per model. A family's series is
/// published only when it differs from the last one published (kept in the store), so a restart, which
/// marks every family changed, republishes nothing that subscribers already have. The series are read from
/// <see cref="GraphState.AdoptionGraph"/>: declared links by default, with inferred ones when
/// <see cref="InferenceSettings.AdoptionSeries"/> is on, so a recovery run that adds a derivative publishes its family again.
/// </summary>
public sealed class AdoptionPublisher(
    GraphState state, IDocumentCollection<PublishedSeries> published, IBus bus, LineageOptions options, ILogger<AdoptionPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await state.Ready.WaitAsync(stoppingToken);
            // Series with inferred links are published once the links of the graph just loaded are in (GraphState.RecoveryRan).
            if (options.Inference.AdoptionSeries) await state.RecoveryRan.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(options.AdoptionInterval);
            do
            {
                await SweepAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: what the sweep had taken is back on the changed list. Ending cancelled would be logged as a failure.
        }
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var pending = new Queue<string>(state.AdoptionGraph.TakeChangedFamilies());
        try
        {
            return await PublishAsync(pending, cancellationToken);
        }
        catch (Exception e)
        {
            // What was taken but not published goes back on the list for the next sweep.
            state.AdoptionGraph.MarkFamiliesChanged(pending);
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested) throw;
            logger.LogError(e, "Publishing adoption series failed; {Count} families will be tried again", pending.Count);
            return 0;
        }
    }

    /// <summary>The id a family's series is published under: the family and the series version, never its content.</summary>
    public static Guid MessageId(string family, long version) => MessageIds.From(nameof(FamilyAdoptionChanged), family, version.ToString());

    /// <summary>
    /// The event the family's series in the graph makes now (its <see cref="FamilyAdoptionChanged.SeriesVersion"/> left 0 for the
    /// caller to set) and the hash of what it holds; null for a family with no derivative, which is never published.
    /// </summary>
    public (FamilyAdoptionChanged Message, string Hash)? Current(string family)
    {
        if (state.AdoptionGraph.GetAdoptionSeries(family) is not { } series || series.Months.Count == 0 || series.Months[^1].CumulativeDerivatives == 0)
        {
            return null;
        }

        var months = series.Months.Select(m => m.ToAdoptionPoint()).ToList();
        // The observation day is part of what was published: a series whose months stay the same while the day moves is
        // published again, so the day a subscriber holds is the newest (and the same after any replay).
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(months) + (series.ObservedOn is { } day ? $"|{day:yyyy-MM-dd}" : ""))));
        return (new FamilyAdoptionChanged
        {
            FamilyId = family,
            Author = series.Author ?? family.Split('/')[0],
            ReleasedAt = series.ReleasedAt,
            Months = months,
            ObservedOn = series.ObservedOn,
            SeriesVersion = 0,
        }, hash);
    }

    async Task<int> PublishAsync(Queue<string> pending, CancellationToken cancellationToken)
    {
        var sent = 0;
        while (pending.TryPeek(out var family))
        {
            if (Current(family) is not { } current)
            {
                pending.Dequeue();
                continue;
            }

            var last = await published.GetAsync(family, cancellationToken);
            if (last?.Hash == current.Hash)
            {
                pending.Dequeue();
                continue;
            }

            var version = (last?.SeriesVersion ?? 0) + 1;
            // The version is taken before the publish: a process killed after the publish and before the record below must not
            // leave the next one to publish other months under the same version (and message id), which Fitting, holding a fit
            // of that version, would store and not refit (found by tests/Faults.Tests). The old hash stays, so the series is
            // still published again; a version taken and never published only leaves a gap.
            await published.UpsertAsync(family, new PublishedSeries(family, last?.Hash ?? "", version), cancellationToken);
            await PublishConfirmedAsync(current.Message with { SeriesVersion = version }, cancellationToken);
            await published.UpsertAsync(family, new PublishedSeries(family, current.Hash, version), cancellationToken);
            pending.Dequeue();
            sent++;
        }

        if (sent > 0)
        {
            logger.LogInformation("Published the adoption series of {Count} families", sent);
        }

        return sent;
    }

    /// <summary>
    /// Publishes one series and waits at most <see cref="LineageOptions.AdoptionPublishTimeout"/> for the broker's confirm
    /// (<see cref="BoundedPublish"/>). Without a limit a publish caught by a broker restart held the sweep, and every later one,
    /// for good while the rest of the pipeline went on, and Fitting kept the series it had (found by tests/Faults.Tests,
    /// docs/faults.md). Timed out, the publish fails like any other: the sweep's families go back on the changed list and the
    /// next sweep publishes them under a new version.
    /// </summary>
    Task PublishConfirmedAsync(FamilyAdoptionChanged message, CancellationToken cancellationToken) =>
        bus.PublishWithinAsync(message, c => c.MessageId = MessageId(message.FamilyId, message.SeriesVersion), options.AdoptionPublishTimeout,
            $"series {message.SeriesVersion} of {message.FamilyId}", "OpenAccess:Lineage:AdoptionPublishTimeout", logger, cancellationToken);
}
