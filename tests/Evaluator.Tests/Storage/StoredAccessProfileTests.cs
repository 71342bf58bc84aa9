using System.Text;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Storage;
using OpenAccess.Evaluator.Tests.Catalogues;
using OpenAccess.Evaluator.Tests.Fixtures;
using OpenAccess.Evaluator.Tests.Service;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Tests.Storage;

/// <summary>A stored profile's document made around its profile's JSON is the document the stores would have made of the record.</summary>
public sealed class StoredAccessProfileTests : IDisposable
{
    readonly AccessProfileCalculator calculator = new(CatalogueFiles.Gpus(), CatalogueFiles.EnergyPrices());
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-profiles-").FullName;

    AccessProfile Profile(string fixture, string id, string license) =>
        calculator.Calculate(ModelResources.From(ModelEvents.FromFixture(fixture, id, license: license)).ToProfileInput(), new AccessProfileOptions());

    public static TheoryData<string, string, string?, string> Cases => new()
    {
        { ConfigFixture.Llama8B, "meta-llama/Llama-3.1-8B", "rev-1", "llama3.1" },
        { ConfigFixture.Mistral7B, "mistralai/Mistral-7B-v0.1", null, "apache-2.0" },
        // Text the encoder escapes: the envelope must escape it as the serializer does.
        { ConfigFixture.Llama8B, "ü/naïve-模型<script>&\"", "“rev” \u2028", "other" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Its_bytes_are_the_records_JSON_and_its_hash_the_hash_of_those_bytes(string fixture, string id, string? revision, string license)
    {
        var profile = Profile(fixture, id, license);
        var profileJson = DocumentJson.SerializeToUtf8(profile);
        var stored = new StoredAccessProfile
        {
            ModelId = id,
            Revision = revision,
            LastModified = revision is null ? null : new DateTimeOffset(2024, 7, 23, 9, 30, 0, TimeSpan.FromHours(2)),
            ProfileHash = DocumentJson.Hash(profileJson),
            EventHash = revision is null ? null : "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Profile = profile,
        };

        var serialized = stored.Serialize(profileJson);

        Assert.Equal(DocumentJson.Serialize(stored), Encoding.UTF8.GetString(serialized.Json));
        Assert.Equal(DocumentJson.HashOf(stored), serialized.Hash());
        Assert.Equal(DocumentJson.HashOf(profile), stored.ProfileHash);
        Assert.Equal(id, serialized.Id);
    }

    [Fact]
    public async Task Stored_serialized_it_reads_back_equal_and_the_record_stored_again_is_no_change()
    {
        IDocumentCollection<StoredAccessProfile> profiles = new SqliteDocumentCollection<StoredAccessProfile>(new SqliteDatabase(Path.Combine(folder, "evaluator.db")), "profiles", anyCase: true);
        var profile = Profile(ConfigFixture.Llama8B, "meta-llama/Llama-3.1-8B", "llama3.1");
        var profileJson = DocumentJson.SerializeToUtf8(profile);
        var stored = new StoredAccessProfile { ModelId = profile.ModelId, Revision = "rev-1", ProfileHash = DocumentJson.Hash(profileJson), Profile = profile };

        Assert.Equal([profile.ModelId], await profiles.UpsertManySerializedAsync([stored.Serialize(profileJson)], default));

        var back = await profiles.GetAsync(profile.ModelId, default);
        Assert.Equal(DocumentJson.Serialize(stored), DocumentJson.Serialize(back));
        Assert.False(await profiles.UpsertAsync(profile.ModelId, stored, default)); // the same hash as the record's own JSON
        Assert.Equal(new Dictionary<string, string?> { [profile.ModelId] = stored.ProfileHash },
            await profiles.GetFieldManyAsync([profile.ModelId], nameof(StoredAccessProfile.ProfileHash), default));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
