namespace OpenAccess.Evaluator.Extensions;

public static class EvaluatorExtensions
{
    public const string ServiceName = "evaluator";

    public static IHostApplicationBuilder AddEvaluator(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
