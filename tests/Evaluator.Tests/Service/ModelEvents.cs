using OpenAccess.Contracts;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary><see cref="ModelDiscovered"/> events as the Harvester publishes them, built on the real fixture configs.</summary>
public static class ModelEvents
{
    public const string Llama8BId = "meta-llama/Llama-3.1-8B";

    /// <summary>8,030,261,248: the safetensors total the Hub reports for the Llama-3-8B architecture (see ParameterCounterTests).</summary>
    public const long Llama8BParameters = 8_030_261_248;

    public static ModelDiscovered Llama8B(string sha = "rev-1", string license = "llama3.1") => FromFixture(
        ConfigFixture.Llama8B, Llama8BId, sha, license, Llama8BParameters);

    public static ModelDiscovered FromFixture(string fixture, string id, string sha = "rev-1", string license = "apache-2.0", long? parameters = null)
    {
        var (summary, modelType) = ConfigFixture.LoadSummary(fixture);
        return new ModelDiscovered
        {
            Id = id,
            Author = id.Split('/')[0],
            Sha = sha,
            LastModified = new DateTimeOffset(2024, 7, 23, 0, 0, 0, TimeSpan.Zero),
            ParameterCount = parameters,
            ModelType = modelType,
            Config = summary,
            License = license,
            Gated = license.StartsWith("llama", StringComparison.Ordinal),
            PipelineTag = "text-generation",
        };
    }
}
