using OpenAccess.Lineage.Consumers;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>The Lineage service's own Program on the in-memory bus, adoption series published every half second, with any other settings given.</summary>
public sealed class InMemoryLineageFactory(IReadOnlyDictionary<string, string?>? settings = null) : InMemoryServiceFactory<ModelsDiscoveredConsumer>(
    new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["OpenAccess:Lineage:AdoptionInterval"] = "00:00:00.500" });
