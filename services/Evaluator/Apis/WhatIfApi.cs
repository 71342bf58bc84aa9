using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Apis;

/// <summary>Memory, GPUs, energy and cost of one deployment under the caller's assumptions.</summary>
public static class WhatIfApi
{
    public const string RawConfigId = "(config)";

    internal static void MapWhatIfApi(this RouteGroupBuilder api) =>
        api.MapPost("/what-if", WhatIf)
            .WithSummary("Memory, KV cache, GPUs, capex, energy, self-hosted and API cost and break-even, each with its inputs.");

    static async Task<Results<Ok<WhatIfAnswer>, ProblemHttpResult>> WhatIf(
        WhatIfRequest body, IDocumentCollection<ModelResources> models, WhatIfCalculator calculator, EvaluatorOptions options, CancellationToken ct)
    {
        AccessProfileInput model;
        if (body.ModelId is not null && body.Config is not null)
            return Problems.BadRequest("Give modelId or config, not both.");
        if (body.ModelId is { } id)
        {
            if (await models.GetAnyCaseAsync(id, ct) is not { } known) return Problems.UnknownModel(id);
            model = known.ToProfileInput();
        }
        else if (body.Config is { } config)
            model = new AccessProfileInput { ModelId = RawConfigId, Config = config, ModelType = body.ModelType };
        else
            return Problems.BadRequest("Give modelId (a model the Evaluator knows) or config with modelType and, if the config cannot give it, parameterCount.");

        try
        {
            return TypedResults.Ok(calculator.Calculate(new WhatIfInput
            {
                Model = model,
                ParameterCount = body.ParameterCount,
                Precision = WhatIfRequest.ParsePrecision(body.Precision, "precision"),
                KvCachePrecision = WhatIfRequest.ParsePrecision(body.KvCachePrecision, "kvCachePrecision"),
                ContextTokens = body.ContextTokens,
                BatchSize = body.BatchSize ?? 1,
                OverheadFraction = body.OverheadFraction ?? options.OverheadFraction,
                GpuId = body.GpuId ?? options.GpuId,
                RegionId = body.RegionId ?? options.RegionId,
                GpuHourPriceUsd = body.GpuHourPriceUsd,
                SecondsPerRequest = body.SecondsPerRequest,
                TokensPerSecond = body.TokensPerSecond,
                Request = body.Request,
                ApiPriceId = body.ApiPriceId,
                RefuseImplausibleConfig = body.Config is not null,
                TensorParallel = body.TensorParallel,
                PipelineParallel = body.PipelineParallel,
                EnergyUtilisation = body.EnergyUtilisation ?? 1m,
            }));
        }
        catch (AccessCalculationException e)
        {
            return Problems.BadRequest(e);
        }
        catch (OverflowException)
        {
            // Every figure is computed through Figures.Checked, which names it; this only keeps a figure missed there from a 500.
            return Problems.BadRequest("A figure is too large to compute from these inputs; give smaller numbers.");
        }
    }
}
