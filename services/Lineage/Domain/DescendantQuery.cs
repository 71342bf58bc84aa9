using System.Buffers.Text;
using System.Globalization;
using System.Text;
using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Domain;

public enum DescendantSort
{
    CreatedAt,
    Downloads,
    Likes,
}

/// <summary>A page request for the descendants of a model. Ties in the sort key are ordered by id.</summary>
public sealed record DescendantQuery
{
    /// <summary>Only descendants whose own link has this relation; null for all.</summary>
    public BaseModelRelation? Relation { get; init; }

    /// <summary>Deepest level returned (children are depth 1).</summary>
    public int MaxDepth { get; init; } = int.MaxValue;

    public DescendantSort Sort { get; init; } = DescendantSort.CreatedAt;

    /// <summary>Newest / most downloaded / most liked first when true.</summary>
    public bool Descending { get; init; } = true;

    public int Limit { get; init; } = 50;

    /// <summary>The <see cref="DescendantPage.Next"/> of the previous page; null for the first page.</summary>
    public DescendantCursor? After { get; init; }
}

/// <summary>Where a page ended: the sort key and id of its last item. Opaque to clients as a string.</summary>
public sealed record DescendantCursor(long Key, string Id)
{
    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Key.ToString(CultureInfo.InvariantCulture) + "|" + Id));

    public static bool TryParse(string? text, out DescendantCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text)) return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        }
        catch (FormatException)
        {
            return false;
        }
        var bar = decoded.IndexOf('|');
        if (bar <= 0 || bar == decoded.Length - 1 ||
            !long.TryParse(decoded.AsSpan(0, bar), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key))
            return false;
        cursor = new DescendantCursor(key, decoded[(bar + 1)..]);
        return true;
    }
}

public sealed record DescendantItem(
    string Id,
    string? Author,
    int Depth,
    BaseModelRelation Relation,
    ModelKind Kind,
    DateTimeOffset? CreatedAt,
    long Downloads,
    long Likes);

/// <param name="Items">The page, in sort order.</param>
/// <param name="TotalMatching">Descendants matching the relation and depth filters, over all pages.</param>
/// <param name="Next">Cursor of the following page; null on the last page.</param>
public sealed record DescendantPage(IReadOnlyList<DescendantItem> Items, int TotalMatching, DescendantCursor? Next);
