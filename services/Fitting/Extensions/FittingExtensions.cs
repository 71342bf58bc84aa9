using OpenAccess.Contracts;
using OpenAccess.Fitting.Consumers;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Fitting.Extensions;

public static class FittingExtensions
{
    public const string ServiceName = "fitting";

    public static IHostApplicationBuilder AddFitting(this IHostApplicationBuilder builder)
    {
        builder.AddServiceStore<IDocumentCollection<FamilyAdoptionChanged>>(ServiceName,
            db => new SqliteDocumentCollection<FamilyAdoptionChanged>(db, "series"),
            db => new MongoDocumentCollection<FamilyAdoptionChanged>(db, "series"));
        builder.AddServiceConsumer<FamilyAdoptionChangedConsumer>(ServiceName);
        return builder;
    }
}
