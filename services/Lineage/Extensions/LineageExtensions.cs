using OpenAccess.Lineage.Consumers;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Extensions;

public static class LineageExtensions
{
    public const string ServiceName = "lineage";

    public static IHostApplicationBuilder AddLineage(this IHostApplicationBuilder builder)
    {
        builder.AddServiceStore<IDocumentCollection<LineageModel>>(ServiceName,
            db => new SqliteDocumentCollection<LineageModel>(db, "models", LineageModel.ParentKeys),
            db => new MongoDocumentCollection<LineageModel>(db, "models", LineageModel.ParentKeys));
        builder.AddServiceConsumer<ModelDiscoveredConsumer>(ServiceName);
        return builder;
    }
}
