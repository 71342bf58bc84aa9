using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Consumers;

/// <summary>Keeps each model's leaderboard results for the cost-per-benchmark-point view. Idempotent; an older evaluation arriving late is ignored.</summary>
public sealed class BenchmarkUpdatedConsumer(IDocumentCollection<BenchmarkUpdated> results) : IConsumer<BenchmarkUpdated>
{
    public async Task Consume(ConsumeContext<BenchmarkUpdated> context)
    {
        var result = context.Message;
        var id = BenchmarkResults.IdOf(result);
        if (await results.GetAsync(id, context.CancellationToken) is { EvaluatedAt: { } known } && result.EvaluatedAt is { } arriving && arriving < known)
        {
            return;
        }

        await results.UpsertAsync(id, result, context.CancellationToken);
    }
}
