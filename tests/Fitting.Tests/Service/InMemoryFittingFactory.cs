using OpenAccess.Fitting.Consumers;

namespace OpenAccess.Fitting.Tests.Service;

/// <summary>The Fitting service's own Program on the in-memory bus, plus any settings given.</summary>
public sealed class InMemoryFittingFactory(IReadOnlyDictionary<string, string?>? settings = null)
    : InMemoryServiceFactory<FamilyAdoptionChangedConsumer>(settings)
{
    /// <summary>m fixed at the snapshot's estimate, so the expected answers do not depend on an estimate.</summary>
    public static readonly IReadOnlyDictionary<string, string?> FixedM = new Dictionary<string, string?> { ["OpenAccess:Fitting:M"] = "10" };
}
