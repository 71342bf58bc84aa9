using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OpenAccess.Dashboard.Tests.Infrastructure;

/// <summary>
/// Seed 000's findings (Vake et al.) as the system reproduces them: the tables of docs/lineage.md ("Seed 000's findings"),
/// written from the answers of the API calls they name, never from numbers typed by hand.
/// </summary>
public static class SeedFindings
{
    static readonly string[] Populations = ["leaderboard-v1", "leaderboard-v2"];
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<string> WriteAsync(HttpClient api)
    {
        var text = new StringBuilder();
        var claims = new List<(string Claim, string Answer)>();
        async Task<JsonElement> Get(string call) => await api.GetFromJsonAsync<JsonElement>(call);

        // Type mix per quarter.
        text.AppendLine("**Type mix per quarter** (`GET /api/lineage/stats/new-models?population=leaderboard-v1&period=quarter`, and `-v2`): models")
            .AppendLine("submitted in each calendar quarter by the leaderboard's type label; share = (fine-tuned + chat) / all of the quarter.")
            .AppendLine()
            .AppendLine("| population | quarter | pretrained | continuously pretrained | fine-tuned | chat | merge | unknown | fine-tuned + chat share |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var population in Populations)
        {
            var answer = await Get($"/api/lineage/stats/new-models?population={population}&period=quarter");
            var quarters = answer.GetProperty("periods").EnumerateArray().Select(p => Quarter(p.GetString()!)).ToList();
            var series = answer.GetProperty("series").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => Ints(s.GetProperty("values")));
            var shares = new List<double>();
            var derived = new List<int>();
            for (var q = 0; q < quarters.Count; q++)
            {
                var all = series.Values.Sum(v => v[q]);
                var share = all == 0 ? double.NaN : (double)(series["fine-tuned"][q] + series["chat"][q]) / all;
                shares.Add(share);
                derived.Add(series["fine-tuned"][q] + series["chat"][q]);
                text.AppendLine($"| {population} | {quarters[q]} | {Count(series["pretrained"][q])} | {Count(series["continuously-pretrained"][q])} | {Count(series["fine-tuned"][q])} | " +
                                $"{Count(series["chat"][q])} | {Count(series["merge"][q])} | {Count(series["unknown"][q])} | {Share(share)} |");
            }
            var merges = series["merge"];
            var first = Array.FindIndex(merges, n => n > 0);
            if (population == "leaderboard-v1")
                claims.Add(("Merges appear on the v1 leaderboard in 2023 Q4–2024 Q1 (issue #18, after seed 000's Figure 4)",
                    first < 0 ? "no merges at all" : $"first merges in {quarters[first]} ({Count(merges[first])}), then " +
                        string.Join(", ", Enumerable.Range(first + 1, quarters.Count - first - 1).Select(q => $"{Count(merges[q])} in {quarters[q]}")) +
                        $"; none before {quarters[first]}"));
            claims.Add(($"A rise in fine-tuned and chat models ({population})",
                $"fine-tuned + chat models: {Count(derived[0])} in {quarters[0]}, {Count(derived.Max())} at most ({quarters[derived.IndexOf(derived.Max())]}), {Count(derived[^1])} in {quarters[^1]}; " +
                $"their share of the quarter: {Share(shares[0])}, {Share(shares.Max())} at most ({quarters[shares.IndexOf(shares.Max())]}), {Share(shares[^1])} in {quarters[^1]}"));
        }

        // Architecture shares.
        text.AppendLine()
            .AppendLine("**Architecture shares** (`GET /api/lineage/stats/architectures?population=leaderboard-v1&top=6`, and `-v2`): each line's models")
            .AppendLine("at the last week over all lines' models then (the six largest named, the rest `other`; `unknown`: no architecture in the table).")
            .AppendLine()
            .AppendLine("| population | week of | architecture | models | share |")
            .AppendLine("|---|---|---|---:|---:|");
        foreach (var population in Populations)
        {
            var answer = await Get($"/api/lineage/stats/architectures?population={population}&top=6");
            var week = answer.GetProperty("weeks").EnumerateArray().Last().GetString();
            var lines = answer.GetProperty("series").EnumerateArray().Select(s => (Name: s.GetProperty("name").GetString()!, Models: Ints(s.GetProperty("values"))[^1])).ToList();
            var total = lines.Sum(l => l.Models);
            foreach (var (name, models) in lines)
                text.AppendLine($"| {population} | {week} | {name} | {Count(models)} | {Share((double)models / total)} |");
            var llamaMistral = lines.Where(l => l.Name is "LlamaForCausalLM" or "MistralForCausalLM").Sum(l => l.Models);
            claims.Add(($"Activity concentrates on a few base models like Llama and Mistral: architectures ({population})",
                $"LlamaForCausalLM and MistralForCausalLM hold {Share((double)llamaMistral / total)} of the {Count(total)} models; largest: {lines[0].Name} ({Share((double)lines[0].Models / total)})"));
        }

        // Gain by size.
        text.AppendLine()
            .AppendLine("**Gain by size** (`GET /api/lineage/stats/benchmark-deltas?population=leaderboard-v1`, and `-v2`): `groupMeanDelta`, the mean")
            .AppendLine("average score of the fine-tuned and chat rows minus that of the pretrained rows, in points, with `derivedRows` and `pretrainedRows`;")
            .AppendLine("for v2 also `meanAverageDelta` over the `pairs` of a row and the base it names.")
            .AppendLine()
            .AppendLine("| size | v1 fine-tuned + chat rows | v1 pretrained rows | v1 gain | v2 fine-tuned + chat rows | v2 pretrained rows | v2 gain | v2 pairs | v2 pair gain |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var v1 = await Get("/api/lineage/stats/benchmark-deltas?population=leaderboard-v1");
        var v2 = await Get("/api/lineage/stats/benchmark-deltas?population=leaderboard-v2");
        var buckets = v1.GetProperty("sizeBuckets").EnumerateArray().Select(b => b.GetString()!).ToList();
        for (var b = 0; b < buckets.Count; b++)
            text.AppendLine($"| {buckets[b]} | {Count(v1.GetProperty("derivedRows")[b].GetInt32())} | {Count(v1.GetProperty("pretrainedRows")[b].GetInt32())} | {Points(v1.GetProperty("groupMeanDelta")[b])} | " +
                            $"{Count(v2.GetProperty("derivedRows")[b].GetInt32())} | {Count(v2.GetProperty("pretrainedRows")[b].GetInt32())} | {Points(v2.GetProperty("groupMeanDelta")[b])} | " +
                            $"{Count(v2.GetProperty("pairs")[b].GetInt32())} | {Points(v2.GetProperty("meanAverageDelta")[b])} |");
        foreach (var (population, answer) in new[] { ("leaderboard-v1", v1), ("leaderboard-v2", v2) })
        {
            var gains = Enumerable.Range(0, buckets.Count - 1) // the named sizes, not unknown
                .Where(b => answer.GetProperty("groupMeanDelta")[b].ValueKind == JsonValueKind.Number)
                .Select(b => (Bucket: buckets[b], Gain: answer.GetProperty("groupMeanDelta")[b].GetDouble())).ToList();
            var best = gains.MaxBy(g => g.Gain);
            var worst = gains.MinBy(g => g.Gain);
            claims.Add(($"Open-source contributions improve performance, with smaller architectures ({population})",
                $"fine-tuned and chat over pretrained: {gains.Count(g => g.Gain > 0)} of {gains.Count} named sizes gain; most in {best.Bucket} ({Points(best.Gain)} points), least in {worst.Bucket} ({Points(worst.Gain)})"));
        }

        // Concentration (v2 only: v1 names no base model).
        var concentration = await Get("/api/lineage/stats/concentration?population=leaderboard-v2&period=month&topK=5");
        var last = concentration.GetProperty("periods").GetArrayLength() - 1;
        var families = concentration.GetProperty("familyShares").EnumerateArray()
            .Select(f => $"{f.GetProperty("name").GetString()} {Share(f.GetProperty("values")[last].GetDouble())}");
        claims.Add(("Activity concentrates on a few base models like Llama and Mistral: families (leaderboard-v2, `GET /api/lineage/stats/concentration?population=leaderboard-v2&period=month&topK=5`)",
            $"at {concentration.GetProperty("periods")[last].GetString()}: top-5 families hold {Share(concentration.GetProperty("topKShare")[last].GetDouble())} of " +
            $"{Count(concentration.GetProperty("totalDerivatives")[last].GetInt32())} derivatives, HHI {concentration.GetProperty("herfindahl")[last].GetDouble().ToString("0.000", Invariant)} ({string.Join(", ", families)}); v1 names no base model: 400"));

        text.AppendLine()
            .AppendLine("**Seed 000's claims beside the figures above** (the paper's text gives claims, not numbers; each answer is computed from the calls above):")
            .AppendLine()
            .AppendLine("| seed 000 says | the API answers |")
            .AppendLine("|---|---|");
        foreach (var (claim, answer) in claims) text.AppendLine($"| {claim} | {answer} |");
        return text.ToString();
    }

    static string Quarter(string firstDay) => $"{firstDay[..4]} Q{(int.Parse(firstDay[5..7], Invariant) - 1) / 3 + 1}";
    static int[] Ints(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt32()).ToArray();
    static string Count(int n) => n.ToString("#,0", Invariant);
    static string Share(double share) => double.IsNaN(share) ? "—" : (share * 100).ToString("0.0", Invariant) + " %";
    static string Points(double points) => points.ToString("0.00", Invariant);
    static string Points(JsonElement value) => value.ValueKind == JsonValueKind.Number ? Points(value.GetDouble()) : "—";
}
