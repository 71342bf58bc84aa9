namespace OpenAccess.Fitting.Extensions;

public static class FittingExtensions
{
    public const string ServiceName = "fitting";

    public static IHostApplicationBuilder AddFitting(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
