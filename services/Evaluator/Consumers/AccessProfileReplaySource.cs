using System.Runtime.CompilerServices;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Messaging.Replay;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Consumers;

/// <summary>
/// Every stored profile's <see cref="AccessProfileUpdated"/>, mapped as <see cref="ModelsDiscoveredConsumer"/> maps it for
/// publishing and under the same id (model, revision, event hash).
/// </summary>
/// <remarks>
/// A model's new revision whose profile is unchanged is stored but not published again; its replay carries the new revision,
/// under an id its subscribers have not seen, with the same profile. A profile that changed where its event says nothing (a
/// derivative's shape gap) keeps the id of the event last published, which its replay says word for word. The catalogues and options are today's: after a change to
/// them a replay holds the profiles as they would now be published.
/// </remarks>
public sealed class AccessProfileReplaySource(IDocumentCollection<StoredAccessProfile> profiles, EvaluatorCatalogues catalogues, EvaluatorOptions options)
    : IReplaySource
{
    public string EventType => nameof(AccessProfileUpdated);

    public Task<long> CountAsync(CancellationToken cancellationToken) => profiles.CountAsync(cancellationToken);

    public async IAsyncEnumerable<ReplayMessage> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var h100 = catalogues.Gpus.All.FirstOrDefault(g => g.Id == AccessProfileUpdatedMapper.H100Id);
        await foreach (var stored in profiles.ReadAllAsync(cancellationToken))
        {
            yield return new ReplayMessage(AccessProfileUpdatedMapper.MessageId(stored.ModelId, stored.Revision, stored.EventHash ?? stored.ProfileHash),
                AccessProfileUpdatedMapper.From(stored.Profile, stored.Revision, h100, options.OverheadFraction));
        }
    }
}
