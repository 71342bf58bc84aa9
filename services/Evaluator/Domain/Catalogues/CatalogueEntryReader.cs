using System.Text.Json;

namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Reads the <c>entries</c> array of a catalogue file and checks what every catalogue shares:
/// a unique id and a source on every entry. Each typed catalogue adds its own rules.
/// </summary>
internal sealed class CatalogueEntryReader
{
    private readonly string _file;
    private readonly JsonElement _entry;

    private CatalogueEntryReader(string file, JsonElement entry, string name)
    {
        _file = file;
        _entry = entry;
        Name = name;
    }

    public string Name { get; }

    public static IReadOnlyList<T> ReadAll<T>(string json, string file, Func<CatalogueEntryReader, T> read)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new CatalogueValidationException(file, "(file)", $"not valid JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("entries", out var entries)
                || entries.ValueKind != JsonValueKind.Array)
                throw new CatalogueValidationException(file, "(file)", "expected an object with an 'entries' array.");
            if (entries.GetArrayLength() == 0)
                throw new CatalogueValidationException(file, "(file)", "the 'entries' array is empty.");

            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var result = new List<T>();
            var index = 0;
            foreach (var element in entries.EnumerateArray())
            {
                var positional = $"#{index++}";
                if (element.ValueKind != JsonValueKind.Object)
                    throw new CatalogueValidationException(file, positional, "an entry must be a JSON object.");
                var reader = new CatalogueEntryReader(file, element, positional);
                var id = reader.RequiredString("id");
                reader = new CatalogueEntryReader(file, element, id);
                if (!ids.Add(id)) throw reader.Invalid($"the id '{id}' occurs more than once.");
                reader.RequiredString("source");
                result.Add(read(reader));
            }
            return result;
        }
    }

    public CatalogueValidationException Invalid(string reason) => new(_file, Name, reason);

    public string RequiredString(string property) =>
        OptionalString(property) ?? throw Invalid($"'{property}' is missing or empty.");

    public string? OptionalString(string property)
    {
        if (!_entry.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw Invalid($"'{property}' must be a string.");
        var text = value.GetString();
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>A number strictly above zero (memory, watts).</summary>
    public decimal RequiredPositive(string property)
    {
        var value = OptionalNumber(property) ?? throw Invalid($"'{property}' is missing.");
        return value > 0 ? value : throw Invalid($"'{property}' is {value}; it must be positive.");
    }

    /// <summary>A price: zero or more, or null when no source gives one.</summary>
    public decimal? OptionalNonNegative(string property)
    {
        var value = OptionalNumber(property);
        return value is < 0 ? throw Invalid($"'{property}' is {value}; a price cannot be negative.") : value;
    }

    public decimal RequiredNonNegative(string property) =>
        OptionalNonNegative(property) ?? throw Invalid($"'{property}' is missing.");

    private decimal? OptionalNumber(string property)
    {
        if (!_entry.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
            throw Invalid($"'{property}' must be a number.");
        return number;
    }
}
