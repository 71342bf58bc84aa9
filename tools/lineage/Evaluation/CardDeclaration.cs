namespace OpenAccess.LineageTools.Evaluation;

/// <summary>
/// A card's front matter (the YAML between the first two <c>---</c> lines) declares the parents in <c>base_model</c> (and the
/// relation in <c>base_model_relation</c>): the Hub reads its <c>base_model:</c> tags from there, so it is the same declaration.
/// To hide a model's declaration the evaluation takes those two keys out, values and list items with them, and keeps every
/// other line of the card (a <c>model_link</c>, a <c>model-index</c> name, the prose) as the evidence a reader would have.
/// </summary>
public static class CardDeclaration
{
    static readonly string[] DeclarationKeys = ["base_model:", "base_model_relation:"];

    public static string? Without(string? card)
    {
        if (card is null || !card.StartsWith("---", StringComparison.Ordinal)) return card;
        var lines = card.Split('\n');
        var end = Array.FindIndex(lines, 1, l => l.TrimEnd('\r') == "---");
        if (end < 0) return card;
        var kept = new List<string>(lines.Length) { lines[0] };
        var skipping = false;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (i < end)
            {
                // A key starts at column 0; its value goes on in indented lines or "- " items.
                var continues = line.Length > 0 && (line[0] == ' ' || line[0] == '\t' || line[0] == '-');
                if (!continues) skipping = DeclarationKeys.Any(k => line.StartsWith(k, StringComparison.Ordinal));
                if (skipping) continue;
            }
            kept.Add(line);
        }
        return string.Join('\n', kept);
    }
}
