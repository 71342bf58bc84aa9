using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Storage;

/// <summary>
/// What the Evaluator keeps of a model revision: the inputs of its access profile, which the what-if
/// recomputes under other assumptions.
/// </summary>
public sealed record ModelResources
{
    public required string Id { get; init; }
    public string? Revision { get; init; }
    public DateTimeOffset? LastModified { get; init; }
    /// <summary>Exact parameter count from the safetensors index; null when the Hub did not give one.</summary>
    public long? ParameterCount { get; init; }
    public IReadOnlyDictionary<string, long> ParametersByDtype { get; init; } = new Dictionary<string, long>();
    public string? ModelType { get; init; }
    public ModelConfigSummary? Config { get; init; }
    public string? License { get; init; }
    public string? LicenseName { get; init; }
    public string? LicenseLink { get; init; }
    public bool Gated { get; init; }
    public string? PipelineTag { get; init; }
    public string? LibraryName { get; init; }
    public IReadOnlyList<string> Languages { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>When the repository was created: the quarter the openness statistic counts it in.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>Ids of the models this one derives from: the openness statistic's families are the roots above them.</summary>
    public IReadOnlyList<string> Parents { get; init; } = [];
    public RepositoryFiles? Files { get; init; }
    public ModelCardSummary? Card { get; init; }

    public AccessProfileInput ToProfileInput() => new()
    {
        ModelId = Id,
        Config = Config,
        ModelType = ModelType,
        SafetensorsParameters = ParameterCount,
        Licence = License,
        LicenceName = LicenseName,
        LicenceLink = LicenseLink,
        Gated = Gated,
        PipelineTag = PipelineTag,
        LibraryName = LibraryName,
        Tags = Tags,
        Files = Files,
        Card = Card,
    };

    public static ModelResources From(ModelDiscovered m) => new()
    {
        Id = m.Id,
        Revision = m.Sha,
        LastModified = m.LastModified,
        ParameterCount = m.ParameterCount,
        ParametersByDtype = m.ParametersByDtype,
        ModelType = m.ModelType,
        Config = m.Config,
        License = m.License,
        LicenseName = m.LicenseName,
        LicenseLink = m.LicenseLink,
        Gated = m.Gated,
        PipelineTag = m.PipelineTag,
        LibraryName = m.LibraryName,
        Languages = m.Languages,
        Tags = m.Tags,
        CreatedAt = m.CreatedAt,
        Parents = [.. m.BaseModels.Select(b => b.Id).Distinct(StringComparer.Ordinal)],
        Files = m.Files,
        Card = m.Card,
    };
}
