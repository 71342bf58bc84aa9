namespace OpenAccess.ServiceDefaults.Storage;

/// <summary>
/// A document to store with the JSON it is stored as, already made: <paramref name="Json"/> is the UTF-8 JSON
/// <see cref="DocumentJson.SerializeToUtf8"/> gives <paramref name="Document"/> (the store writes and hashes these bytes and does not
/// serialize again; it reads <paramref name="Document"/> only for its lookup keys). For a caller that already holds the bytes, or
/// the bytes of a part, e.g. a profile it hashed (<see cref="IDocumentCollection{T}.UpsertManySerializedAsync"/>).
/// </summary>
public readonly record struct SerializedDocument<T>(string Id, T Document, byte[] Json) where T : class
{
    /// <summary><paramref name="document"/> serialized as the stores serialize it.</summary>
    public static SerializedDocument<T> Of(string id, T document) => new(id, document, DocumentJson.SerializeToUtf8(document));

    /// <summary>The hash the stores keep beside the document: of its bytes.</summary>
    public string Hash() => DocumentJson.Hash(Json);
}
