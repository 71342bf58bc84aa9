using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Domain;

/// <summary>
/// A model record read from any source: the event and the record as received (one JSON line, as UTF-8), or why it was refused.
/// The record stays in UTF-8 until the store writes it: as a string it took twice the memory from parse to save and was
/// encoded back for SQLite.
/// </summary>
public sealed record ModelRecord(ModelDiscovered? Model, byte[] Utf8, string? ModelId, string? Rejection, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Model is not null;

    /// <summary>The record as text.</summary>
    public string Raw => Encoding.UTF8.GetString(Utf8);
}

/// <summary>
/// Maps a Hub model-info object and refuses records no consumer should see: no id, a model that names
/// itself as its parent, tags that are not a list of strings, counts that cannot be true. Pure.
/// </summary>
public static class ModelRecordReader
{
    /// <summary>No published model comes near 10 trillion parameters; a larger count is a broken record.</summary>
    public const long MaxParameters = 10_000_000_000_000;

    public static ModelRecord Read(JsonElement element, RecordLimits? limits = null)
    {
        var raw = OneLine(element);
        if (!Utf8.IsValid(raw))
        {
            return new ModelRecord(null, raw, null, "not valid UTF-8", []); // the parser reads strings without checking them
        }

        var id = element.ValueKind == JsonValueKind.Object ? HubModelMapper.Str(element, "id", "modelId", "model_id") : null;
        if (element.ValueKind == JsonValueKind.Object && Problem(element) is { } problem)
        {
            return new ModelRecord(null, raw, id, problem, []);
        }

        var mapped = HubModelMapper.Map(element, limits);
        if (mapped.Model is null)
        {
            return new ModelRecord(null, raw, id, mapped.Error, []);
        }

        if (mapped.Warnings.FirstOrDefault(w => w.StartsWith("self-parent", StringComparison.Ordinal)) is { } selfParent)
        {
            return new ModelRecord(null, raw, id, $"names itself as its base model ({selfParent})", mapped.Warnings);
        }

        return new ModelRecord(mapped.Model, raw, mapped.Model.Id, null, mapped.Warnings);
    }

    /// <summary>A record as UTF-8 bytes, parsed where it lies.</summary>
    public static ModelRecord Read(ReadOnlyMemory<byte> json, RecordLimits? limits = null)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement, limits);
        }
        catch (JsonException e)
        {
            return new ModelRecord(null, json.ToArray(), null, $"not valid JSON: {e.Message}", []);
        }
    }

    public static ModelRecord Read(string json, RecordLimits? limits = null)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement, limits);
        }
        catch (JsonException e)
        {
            return new ModelRecord(null, Encoding.UTF8.GetBytes(json), null, $"not valid JSON: {e.Message}", []);
        }
    }

    static string? Problem(JsonElement model)
    {
        if (model.TryGetProperty("tags", out var tags) && tags.ValueKind != JsonValueKind.Null &&
            (tags.ValueKind != JsonValueKind.Array || tags.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String)))
        {
            return "unparseable tags: expected a list of strings";
        }

        foreach (var name in new[] { "downloads", "likes" })
        {
            if (model.TryGetProperty(name, out var n) && n.ValueKind == JsonValueKind.Number && (!n.TryGetInt64(out var value) || value < 0))
            {
                return $"absurd number: {name} = {n.GetRawText()}";
            }
        }

        if (HubModelMapper.Obj(model, "safetensors") is { } st && st.TryGetProperty("total", out var total) && total.ValueKind == JsonValueKind.Number &&
            (!total.TryGetInt64(out var parameters) || parameters is < 0 or > MaxParameters))
        {
            return $"absurd number: safetensors.total = {total.GetRawText()}";
        }

        return null;
    }

    /// <summary>The record as one line: its bytes as received when it already is one, else re-written compactly.</summary>
    static byte[] OneLine(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        return raw.IndexOfAny((byte)'\n', (byte)'\r') < 0 ? raw.ToArray() : JsonSerializer.SerializeToUtf8Bytes(element);
    }
}
