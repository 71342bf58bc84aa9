using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Consumers;

/// <summary>Fills <see cref="AccessProfileUpdated"/> from a profile, in the event's own vocabulary.</summary>
public static class AccessProfileUpdatedMapper
{
    public const string H100Id = "h100-sxm-80gb";

    /// <summary>
    /// The id a profile's event is published under: the model, its revision and the event's <see cref="ContentHash"/>, so the id
    /// names what the event says. A profile stored before session 12 has no event hash, and its event went out under the
    /// profile's hash, which <paramref name="hash"/> is then.
    /// </summary>
    public static Guid MessageId(string modelId, string? revision, string hash) =>
        MessageIds.From(nameof(AccessProfileUpdated), modelId, revision, hash);

    /// <summary>
    /// The hash of what <paramref name="updated"/> tells a subscriber about the model, its revision left out: equal for two
    /// profiles whose events say the same (a derivative's profile changes with the text of its shape gap, which no event carries).
    /// </summary>
    public static string ContentHash(AccessProfileUpdated updated) => DocumentJson.HashOf(updated with { Revision = null });

    // h100: the catalogue's H100, for MinimumH100 whatever GPU the profile is sized for; null leaves it unknown.
    public static AccessProfileUpdated From(AccessProfile profile, string? revision, Gpu? h100, double overheadFraction)
    {
        var weights = profile.Resourcing.FirstOrDefault(r => r.Precision == Precision.Bf16)?.Memory.Weights;
        return new AccessProfileUpdated
        {
            ModelId = profile.ModelId,
            Revision = revision,
            ParameterCount = profile.Parameters?.Total,
            ParameterSource = profile.Parameters?.Source switch
            {
                ParameterCountSource.Safetensors => "safetensors",
                ParameterCountSource.Config => "config",
                ParameterCountSource.ModelName => "name",
                ParameterCountSource.Given => "given",
                _ => "unknown",
            },
            WeightsBytesBf16 = weights?.Bytes,
            KvCacheBytesPerToken = profile.KvCache?.BytesPerToken,
            // The event promises weights plus overhead, without the cache, which depends on the context chosen.
            MinimumH100 = weights is { } w && h100 is not null ? MinimumGpus(w, h100, overheadFraction) : null,
            LicenseClass = profile.Licence switch
            {
                LicenceClass.Permissive => "permissive",
                LicenceClass.OpenWithUseRestrictions => "restricted",
                LicenceClass.NonCommercial => "non-commercial",
                LicenceClass.Proprietary => "proprietary",
                _ => "unknown",
            },
            LicenseName = profile.LicenceDetail?.Name,
            LicenseEvidence = profile.LicenceDetail is { } licence ? licence.Reason ?? licence.Evidence : null,
            ActiveParameterCount = profile.Parameters?.Active,
            ActiveParameterSource = profile.Parameters?.Experts?.Source switch
            {
                Domain.ActiveParameterSource.Config => "config",
                Domain.ActiveParameterSource.ModelName => "name",
                _ => null,
            },
            ExpertsContradicted = profile.Parameters?.DenseFallback is not null,
            Gated = profile.Gated,
            ContextLength = profile.Context?.MaxTokens,
            OpennessClass = profile.Openness is { } openness ? OpennessNames.Of(openness.Class) : null,
            OpennessComponents = profile.Openness?.Components.ToDictionary(c => OpennessNames.Of(c.Component), c => OpennessNames.Of(c.Status)),
        };
    }

    // Unknown rather than a failed event when the count is too large for the arithmetic.
    private static int? MinimumGpus(ByteSize weights, Gpu gpu, double overheadFraction)
    {
        try { return GpuCountCalculator.Calculate(InferenceMemoryCalculator.Calculate(weights, ByteSize.Zero, overheadFraction).Total, gpu, null).ByMemory; }
        catch (AccessCalculationException) { return null; }
    }
}
