namespace OpenAccess.Lineage.Extensions;

public static class LineageExtensions
{
    public const string ServiceName = "lineage";

    public static IHostApplicationBuilder AddLineage(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
