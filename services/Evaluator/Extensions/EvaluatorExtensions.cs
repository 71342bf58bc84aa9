using OpenAccess.Evaluator.Consumers;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Extensions;

public static class EvaluatorExtensions
{
    public const string ServiceName = "evaluator";

    public static IHostApplicationBuilder AddEvaluator(this IHostApplicationBuilder builder)
    {
        builder.AddServiceStore<IDocumentCollection<ModelResources>>(ServiceName,
            db => new SqliteDocumentCollection<ModelResources>(db, "models"),
            db => new MongoDocumentCollection<ModelResources>(db, "models"));
        builder.AddServiceConsumer<ModelDiscoveredConsumer>(ServiceName);
        return builder;
    }
}
