namespace OpenAccess.ServiceDefaults.Storage;

/// <summary>
/// Documents of one type keyed by id, stored as JSON, with optional lookup keys (e.g. a model's parent
/// ids) indexed for <see cref="FindByKeyAsync"/>. Writes are idempotent: storing the same document
/// again changes nothing and says so.
/// </summary>
public interface IDocumentCollection<T> : IServiceStore where T : class
{
    /// <summary>Stores <paramref name="document"/> under <paramref name="id"/>; false when an identical document was already there.</summary>
    Task<bool> UpsertAsync(string id, T document, CancellationToken cancellationToken);

    /// <summary>
    /// Stores each document under its id, as <see cref="UpsertAsync"/> does one, in one write of the store (one SQLite
    /// transaction, one MongoDB bulk write): a document identical to the one stored is not rewritten. An id given twice keeps
    /// its last document. Returns the ids whose document was new or different, in the order given.
    /// </summary>
    Task<IReadOnlyList<string>> UpsertManyAsync(IReadOnlyList<(string Id, T Document)> documents, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="UpsertManyAsync"/> of documents whose JSON the caller already made (<see cref="SerializedDocument{T}"/>): the stored
    /// bytes and the hash that tells a changed document are those bytes and their hash, with no serialization in the store.
    /// </summary>
    Task<IReadOnlyList<string>> UpsertManySerializedAsync(IReadOnlyList<SerializedDocument<T>> documents, CancellationToken cancellationToken) =>
        UpsertManyAsync([.. documents.Select(d => (d.Id, d.Document))], cancellationToken);

    Task<T?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The document of <paramref name="id"/> in any spelling, for a route asked by a reader: ids that differ only in the case of
    /// their ASCII letters are one id, as on the Hub. The document stored under that very spelling when there is one, else the
    /// one stored under another. Only a collection made with <c>anyCase</c> indexes its ids for this.
    /// </summary>
    Task<T?> GetAnyCaseAsync(string id, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not look ids up in any case");

    /// <summary>The stored documents of <paramref name="ids"/>, by id, in one read; an id with no document is absent.</summary>
    Task<IReadOnlyDictionary<string, T>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Top-level text fields of the stored documents of <paramref name="ids"/>, in one read and without the rest of each
    /// document (a few bytes of a document of kilobytes): by id, each field's value at its position in <paramref name="fields"/>,
    /// each a JSON name as <see cref="DocumentJson.FieldName"/> gives it. An id with no document is absent; a missing or null
    /// field reads as null. One read for all: a caller that read each field in turn made a query a field, each parsing every
    /// document again (docs/pipeline.md, "Session 13").
    /// </summary>
    Task<IReadOnlyDictionary<string, string?[]>> GetFieldsManyAsync(IReadOnlyCollection<string> ids, IReadOnlyList<string> fields, CancellationToken cancellationToken);

    /// <summary>One field of <see cref="GetFieldsManyAsync"/>: by id, its value.</summary>
    async Task<IReadOnlyDictionary<string, string?>> GetFieldManyAsync(IReadOnlyCollection<string> ids, string field, CancellationToken cancellationToken) =>
        (await GetFieldsManyAsync(ids, [field], cancellationToken)).ToDictionary(f => f.Key, f => f.Value[0], StringComparer.Ordinal);

    /// <summary>Documents whose lookup keys contain <paramref name="key"/>, ordered by id.</summary>
    Task<IReadOnlyList<T>> FindByKeyAsync(string key, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Documents whose lookup keys contain any of <paramref name="keys"/>, each once, ordered by id, at most
    /// <paramref name="limit"/>: one read for many keys (e.g. every parent of a level of a tree) where
    /// <see cref="FindByKeyAsync"/> is one read a key.
    /// </summary>
    Task<IReadOnlyList<T>> FindByKeysAsync(IReadOnlyCollection<string> keys, int limit, CancellationToken cancellationToken);

    Task<long> CountByKeyAsync(string key, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Every document, ordered by id, read in pages so a large collection never sits in memory twice.</summary>
    IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken);
}
