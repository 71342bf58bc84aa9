using System.Globalization;
using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Fitting.Refitting;
using OpenAccess.Fitting.Storage;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Fitting.Consumers;

/// <summary>
/// Keeps the newest adoption series of each family and refits that family at the current shared m.
/// A series older than the stored one, or one already fitted, changes nothing and publishes nothing.
/// </summary>
public sealed class FamilyAdoptionChangedConsumer(FittingStore store, SharedM sharedM, FamilyRefitter refitter, ILogger<FamilyAdoptionChangedConsumer> logger)
    : IConsumer<FamilyAdoptionChanged>
{
    public async Task Consume(ConsumeContext<FamilyAdoptionChanged> context)
    {
        var incoming = context.Message;
        var ct = context.CancellationToken;
        if (!await store.KeepSeriesUnlessOlderAsync(incoming, ct))
        {
            logger.LogInformation("Ignored series {Version} of {FamilyId}: a later one is stored", incoming.SeriesVersion, incoming.FamilyId);
            return;
        }

        if (await store.Fits.GetAsync(incoming.FamilyId, ct) is { } fitted && fitted.SeriesVersion >= incoming.SeriesVersion)
        {
            logger.LogInformation("Series {Version} of {FamilyId} is already fitted", incoming.SeriesVersion, incoming.FamilyId);
            return;
        }

        var messageId = MessageIds.From(incoming.FamilyId, incoming.SeriesVersion.ToString(CultureInfo.InvariantCulture));
        await refitter.RefitAsync(incoming, await sharedM.CurrentAsync(ct), context, messageId, onlyIfChanged: false, ct);
    }
}
