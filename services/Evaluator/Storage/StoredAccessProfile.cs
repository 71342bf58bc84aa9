using System.Buffers;
using System.Text.Json;
using OpenAccess.Evaluator.Domain;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Storage;

/// <summary>The profile of a model's latest revision as last published; <c>ProfileHash</c> tells a changed profile from a repeated one.</summary>
public sealed record StoredAccessProfile
{
    public required string ModelId { get; init; }
    public string? Revision { get; init; }
    public DateTimeOffset? LastModified { get; init; }
    public required string ProfileHash { get; init; }

    /// <summary>
    /// The hash of what the profile's <c>AccessProfileUpdated</c> says but for the revision
    /// (<see cref="Consumers.AccessProfileUpdatedMapper.ContentHash"/>): a changed profile whose event would say the same is not
    /// published again. Null in a profile stored before session 12.
    /// </summary>
    public string? EventHash { get; init; }

    public required AccessProfile Profile { get; init; }

    static readonly JsonEncodedText ModelIdName = Name(nameof(ModelId));
    static readonly JsonEncodedText RevisionName = Name(nameof(Revision));
    static readonly JsonEncodedText LastModifiedName = Name(nameof(LastModified));
    static readonly JsonEncodedText ProfileHashName = Name(nameof(ProfileHash));
    static readonly JsonEncodedText EventHashName = Name(nameof(EventHash));
    static readonly JsonEncodedText ProfileName = Name(nameof(Profile));

    /// <summary>
    /// This document as the stores write it, made around <paramref name="profileJson"/>, the profile's own JSON
    /// (<see cref="ProfileJson.SerializeToUtf8"/>, the bytes <see cref="DocumentJson.SerializeToUtf8"/> gives), which the profile's hash was taken from: so a profile is serialized once for
    /// its hash and its store, where it was serialized for each. The bytes are those <see cref="DocumentJson"/> gives this record.
    /// </summary>
    public SerializedDocument<StoredAccessProfile> Serialize(byte[] profileJson)
    {
        var buffer = new ArrayBufferWriter<byte>(profileJson.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = DocumentJson.Options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(ModelIdName);
            JsonSerializer.Serialize(writer, ModelId, DocumentJson.Options);
            writer.WritePropertyName(RevisionName);
            JsonSerializer.Serialize(writer, Revision, DocumentJson.Options);
            writer.WritePropertyName(LastModifiedName);
            JsonSerializer.Serialize(writer, LastModified, DocumentJson.Options);
            writer.WritePropertyName(ProfileHashName);
            JsonSerializer.Serialize(writer, ProfileHash, DocumentJson.Options);
            writer.WritePropertyName(EventHashName);
            JsonSerializer.Serialize(writer, EventHash, DocumentJson.Options);
            writer.WritePropertyName(ProfileName);
            writer.WriteRawValue(profileJson, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return new SerializedDocument<StoredAccessProfile>(ModelId, this, buffer.WrittenSpan.ToArray());
    }

    static JsonEncodedText Name(string property) => JsonEncodedText.Encode(DocumentJson.FieldName(property), DocumentJson.Options.Encoder);
}
