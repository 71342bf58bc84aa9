namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// <c>Utilisation</c> u* = self-hosted cost per request at full load ÷ API cost per request: the fraction of paid hours
/// the deployment must spend serving for the two to cost the same; above 1 it cannot break even (<c>Achievable</c> false).
/// <c>RequestsPerHour</c>: requests per paid hour at break-even, hourly cost ÷ API cost per request.
/// </summary>
public sealed record BreakEven(decimal Utilisation, decimal RequestsPerHour, bool Achievable);

/// <summary>
/// A rented deployment is paid by the hour; at utilisation u it serves u × full-load requests per hour, so each request
/// costs (cost per request at full load) ÷ u. It matches the API where that equals the API's price per request.
/// </summary>
public static class BreakEvenCalculator
{
    public static BreakEven Calculate(SelfHostingCost selfHosted, decimal apiCostPerRequest)
    {
        ArgumentNullException.ThrowIfNull(selfHosted);
        if (apiCostPerRequest <= 0) throw new AccessCalculationException($"API cost per request is {apiCostPerRequest}; break-even needs a positive price.");
        return Figures.Checked("The break-even against the API", () =>
        {
            var utilisation = selfHosted.CostPerRequest / apiCostPerRequest;
            return new BreakEven(utilisation, selfHosted.HourlyCost / apiCostPerRequest, utilisation <= 1);
        });
    }
}
