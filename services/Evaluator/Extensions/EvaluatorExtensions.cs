using OpenAccess.Contracts;
using OpenAccess.Evaluator.Consumers;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Messaging.Replay;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Extensions;

public static class EvaluatorExtensions
{
    public const string ServiceName = "evaluator";

    /// <summary>Registers the Evaluator; reads and validates the catalogues now, so a bad file or setting fails start-up.</summary>
    public static IHostApplicationBuilder AddEvaluator(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(EvaluatorOptions.Section).Get<EvaluatorOptions>() ?? new EvaluatorOptions();
        var catalogues = EvaluatorCatalogues.Load(options.ResolvedCatalogueDirectory);
        options.Validate(catalogues);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(catalogues);
        builder.Services.AddSingleton(new AccessProfileCalculator(catalogues.Gpus, catalogues.EnergyPrices, options.Limits));
        builder.Services.AddSingleton(new WhatIfCalculator(catalogues.Gpus, catalogues.EnergyPrices, catalogues.ApiPrices, options.Limits));

        builder.AddServiceStore<EvaluatorStore>(ServiceName,
            db => new EvaluatorStore(new SqliteDocumentCollection<ModelResources>(db, "models", ModelResources.ParentKeys, anyCase: true), new SqliteDocumentCollection<StoredAccessProfile>(db, "profiles", anyCase: true),
                new SqliteDocumentCollection<BenchmarkUpdated>(db, "benchmarks", BenchmarkResults.VersionKey)),
            db => new EvaluatorStore(new MongoDocumentCollection<ModelResources>(db, "models", ModelResources.ParentKeys, anyCase: true), new MongoDocumentCollection<StoredAccessProfile>(db, "profiles", anyCase: true),
                new MongoDocumentCollection<BenchmarkUpdated>(db, "benchmarks", BenchmarkResults.VersionKey)));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<EvaluatorStore>().Models);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<EvaluatorStore>().Profiles);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<EvaluatorStore>().Benchmarks);
        builder.AddServiceBatchEventConsumer<ModelsDiscoveredConsumer>(ServiceName);
        builder.AddServiceConsumer<BenchmarkUpdatedConsumer>(ServiceName);
        builder.AddReplaySource<AccessProfileReplaySource>();
        return builder;
    }
}
