using OpenAccess.Evaluator.Consumers;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>The Evaluator's own Program on the in-memory bus, plus any settings given.</summary>
public sealed class InMemoryEvaluatorFactory(IReadOnlyDictionary<string, string?>? settings = null)
    : InMemoryServiceFactory<ModelsDiscoveredConsumer>(settings);
