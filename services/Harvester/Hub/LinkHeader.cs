using System.Text.RegularExpressions;

namespace OpenAccess.Harvester.Hub;

/// <summary>The Hub pages its listings like GitHub: <c>Link: &lt;https://…&amp;cursor=…&gt;; rel="next"</c> until the last page.</summary>
public static partial class LinkHeader
{
    public static string? Next(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            foreach (Match match in LinkPattern().Matches(value))
            {
                if (match.Groups["params"].Value.Split(';').Any(p => p.Trim().Replace("\"", "") is "rel=next"))
                {
                    return match.Groups["url"].Value;
                }
            }
        }

        return null;
    }

    [GeneratedRegex("<(?<url>[^>]+)>(?<params>[^,]*)")]
    private static partial Regex LinkPattern();
}
