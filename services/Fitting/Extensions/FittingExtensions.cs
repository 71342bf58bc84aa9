using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenAccess.Fitting.Apis;
using OpenAccess.Fitting.Consumers;
using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Refitting;
using OpenAccess.Fitting.Storage;
using OpenAccess.ServiceDefaults.FirstStart;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Fitting.Extensions;

public static class FittingExtensions
{
    public const string ServiceName = "fitting";

    public static IHostApplicationBuilder AddFitting(this IHostApplicationBuilder builder)
    {
        var options = FittingOptions.Load(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.AddServiceStore(ServiceName, FittingStore.Sqlite, FittingStore.Mongo);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<FittingStore>().Series);
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddSingleton(new WsbFitter());
        builder.Services.AddSingleton(sp => new AdoptionForecaster(sp.GetRequiredService<WsbFitter>(), options.BootstrapReplicates));
        builder.Services.AddSingleton(new OutlierDetector(options.OutlierOptions));
        builder.Services.AddSingleton(sp => new SharedMEstimator(sp.GetRequiredService<WsbFitter>()));
        builder.Services.AddSingleton(sp => new ForecastBacktest(sp.GetRequiredService<WsbFitter>()));
        builder.Services.AddSingleton<FamilyFitBuilder>();
        builder.Services.AddSingleton<SharedM>();
        builder.Services.AddSingleton<FamilyRefitter>();
        builder.Services.AddSingleton<RefitAllRunner>();
        builder.Services.AddHostedService<MEstimationJob>();
        builder.AddFirstStartImport();

        builder.AddServiceConsumer<FamilyAdoptionChangedConsumer>(ServiceName);
        return builder;
    }
}
