using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Storage;

/// <summary>The Evaluator's collections in its one database (one SQLite file or one MongoDB database), checked as one store.</summary>
public sealed record EvaluatorStore(
    IDocumentCollection<ModelResources> Models,
    IDocumentCollection<StoredAccessProfile> Profiles,
    IDocumentCollection<OpenAccess.Contracts.BenchmarkUpdated> Benchmarks) : IServiceStore
{
    public Task PingAsync(CancellationToken cancellationToken) => Models.PingAsync(cancellationToken);
}
