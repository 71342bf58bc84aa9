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
    public RepositoryFiles? Files { get; init; }
    public ModelCardSummary? Card { get; init; }
    /// <summary>The parents the model declares; indexed (<see cref="ParentKeys"/>), so a model's derivatives can be found.</summary>
    public IReadOnlyList<BaseModelLink> BaseModels { get; init; } = [];
    /// <summary>What became of the repository's own config.json (the Harvester fetches it for family roots).</summary>
    public ConfigFileOutcome? ConfigFile { get; init; }
    /// <summary>The nearest ancestor's config, used when the model has no usable one of its own (<see cref="ShapeInheritance"/>).</summary>
    public InheritedShape? Inherited { get; init; }
    /// <summary>Why neither the model nor an ancestor has a shape: <c>no config.json harvested for &lt;root&gt;: &lt;reason&gt;</c>.</summary>
    public string? ShapeGap { get; init; }

    /// <summary>The lookup keys of the models collection: the ids of the declared parents.</summary>
    public static IEnumerable<string> ParentKeys(ModelResources model) => model.BaseModels.Select(b => b.Id);

    public AccessProfileInput ToProfileInput() => new()
    {
        ModelId = Id,
        Config = Inherited?.Config ?? Config,
        ModelType = Inherited is { } inherited ? inherited.ModelType ?? ModelType : ModelType,
        ShapeOf = Inherited?.From,
        ConfigSource = Inherited is { } from ? from.Source : ConfigFile is { Harvested: true } file ? file.Source : null,
        ShapeGap = Inherited is null ? ShapeGap : null,
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

    /// <remarks>A publisher that writes null for an empty list is read as empty: Lineage, which walks the links, refuses such a record; a profile is made without them.</remarks>
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
        Languages = m.Languages ?? [],
        Tags = m.Tags ?? [],
        CreatedAt = m.CreatedAt,
        Files = m.Files,
        Card = m.Card,
        BaseModels = m.BaseModels ?? [],
        ConfigFile = m.ConfigFile,
    };
}

/// <summary>An ancestor's config taken for a model without a usable one: <see cref="From"/> is the ancestor's id.</summary>
/// <param name="From">The ancestor the shape is taken from.</param>
/// <param name="Config">The ancestor's config.</param>
/// <param name="ModelType">The ancestor's <c>model_type</c>.</param>
/// <param name="Source">Where the ancestor's config.json came from (<see cref="ConfigFileOutcome.Source"/>): null for the Hub, <c>bundled</c>.</param>
public sealed record InheritedShape(string From, ModelConfigSummary Config, string? ModelType, string? Source = null);
