namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Cost of a rented deployment serving requests back to back, all figures in US dollars, unrounded.
/// <c>RequestsPerHour</c> at full load: 3,600 s ÷ seconds per request × concurrent requests.
/// <c>CostPerMillionTokens</c> spreads the request cost over input and output tokens together;
/// <c>CostPerMillionInputTokens</c> charges the whole request cost to its input tokens, as the paper quotes it.
/// </summary>
public sealed record SelfHostingCost(
    decimal HourlyCost,
    decimal DailyCost,
    decimal AnnualCost,
    decimal RequestsPerHour,
    decimal CostPerRequest,
    decimal CostPerMillionTokens,
    decimal CostPerMillionInputTokens);
