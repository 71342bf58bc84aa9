using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Fitting.Consumers;

/// <summary>Keeps the newest adoption series of each family; an event older than the stored series is ignored.</summary>
public sealed class FamilyAdoptionChangedConsumer(IDocumentCollection<FamilyAdoptionChanged> series, ILogger<FamilyAdoptionChangedConsumer> logger) : IConsumer<FamilyAdoptionChanged>
{
    public async Task Consume(ConsumeContext<FamilyAdoptionChanged> context)
    {
        var incoming = context.Message;
        var stored = await series.GetAsync(incoming.FamilyId, context.CancellationToken);
        if (stored is not null && stored.SeriesVersion > incoming.SeriesVersion)
        {
            logger.LogInformation("Ignored series {Version} of {FamilyId}: already have {Stored}", incoming.SeriesVersion, incoming.FamilyId, stored.SeriesVersion);
            return;
        }

        await series.UpsertAsync(incoming.FamilyId, incoming, context.CancellationToken);
    }
}
