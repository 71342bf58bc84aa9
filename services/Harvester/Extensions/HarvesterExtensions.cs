using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenAccess.Harvester.Importing;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Extensions;

public static class HarvesterExtensions
{
    public const string ServiceName = "harvester";

    public static IHostApplicationBuilder AddHarvester(this IHostApplicationBuilder builder)
    {
        builder.RequireBus();
        builder.AddServiceStore<IHarvestStore>(ServiceName, db => new SqliteHarvestStore(db), db => new MongoHarvestStore(db));
        var options = builder.Configuration.GetSection("OpenAccess:Harvester").Get<StartupImportOptions>() ?? new StartupImportOptions();
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SnapshotImporter>();
        builder.Services.AddSingleton<ImportQueue>();
        builder.Services.AddSingleton<ImportService>();
        builder.Services.AddHostedService<ImportWorker>();
        builder.Services.AddSingleton<StartupImports>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StartupImports>());
        return builder;
    }
}
