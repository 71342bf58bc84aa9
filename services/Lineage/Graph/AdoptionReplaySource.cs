using System.Runtime.CompilerServices;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Messaging.Replay;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Graph;

/// <summary>
/// Every family's last published <see cref="FamilyAdoptionChanged"/>: its series as the graph holds it, under the version (and
/// message id) it was published with, when it is what was published (the same hash). A family whose series changed since is
/// left out: the next sweep (<see cref="AdoptionPublisher"/>) publishes it, under a new version, to every bound queue.
/// </summary>
public sealed class AdoptionReplaySource(GraphState state, IDocumentCollection<PublishedSeries> published, AdoptionPublisher publisher) : IReplaySource
{
    public string EventType => nameof(FamilyAdoptionChanged);

    public Task<long> CountAsync(CancellationToken cancellationToken) => published.CountAsync(cancellationToken);

    public async IAsyncEnumerable<ReplayMessage> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await state.Ready.WaitAsync(cancellationToken);
        await foreach (var last in published.ReadAllAsync(cancellationToken))
        {
            if (publisher.Current(last.FamilyId) is { } current && current.Hash == last.Hash)
            {
                yield return new ReplayMessage(AdoptionPublisher.MessageId(last.FamilyId, last.SeriesVersion), current.Message with { SeriesVersion = last.SeriesVersion });
            }
        }
    }
}
