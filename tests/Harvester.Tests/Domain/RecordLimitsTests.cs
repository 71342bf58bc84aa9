using OpenAccess.Harvester.Domain;

namespace OpenAccess.Harvester.Tests.Domain;

/// <summary>Records no consumer should see: implausible dates, ids no URL reaches, more parents than any real merge.</summary>
public class RecordLimitsTests
{
    static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly RecordLimits Limits = new(MaxParents: 256, MaxIdLength: 200, Earliest: new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero), Latest: Now.AddDays(1));

    static ModelRecord Read(string json) => ModelRecordReader.Read(json, Limits);

    [Theory]
    [InlineData("createdAt", "9999-12-31T00:00:00.000Z", "createdAt 9999-12-31T00:00:00Z is later than the harvest's clock plus MaxFutureSkew (2026-06-02T12:00:00Z)")]
    [InlineData("lastModified", "2026-06-03T00:00:00.000Z", "lastModified 2026-06-03T00:00:00Z is later than the harvest's clock plus MaxFutureSkew")]
    [InlineData("createdAt", "0001-01-01T00:00:00Z", "createdAt 0001-01-01T00:00:00Z is before EarliestModelDate (2015-01-01)")]
    [InlineData("last_modified", "2014-12-31T23:59:59Z", "lastModified 2014-12-31T23:59:59Z is before EarliestModelDate")]
    public void A_date_outside_the_plausible_range_is_refused_naming_the_field_and_the_limit(string field, string date, string reason)
    {
        var record = Read($$"""{"id":"a/b","{{field}}":"{{date}}"}""");

        Assert.Null(record.Model);
        Assert.StartsWith(reason, record.Rejection);
        Assert.Equal("a/b", record.ModelId);
    }

    [Fact]
    public void Dates_within_the_range_and_within_a_day_ahead_of_the_clock_are_kept()
    {
        var record = Read("""{"id":"a/b","createdAt":"2015-01-01T00:00:00Z","lastModified":"2026-06-02T11:00:00Z"}""");

        Assert.NotNull(record.Model);
    }

    [Theory]
    [InlineData("x/..", "has a dot segment '..'")]
    [InlineData("x/.", "has a dot segment '.'")]
    [InlineData("../x", "has a dot segment '..'")]
    [InlineData("x//y", "has an empty segment")]
    [InlineData("x/", "has an empty segment")]
    [InlineData("/x", "has an empty segment")]
    [InlineData("a/b\u0007c", "holds a control character")]
    [InlineData("a/b/c", "has more than two segments")]
    public void An_id_Lineage_cannot_serve_is_refused_naming_what_is_wrong(string id, string problem)
    {
        var record = Read($$"""{"id":{{System.Text.Json.JsonSerializer.Serialize(id)}}}""");

        Assert.Null(record.Model);
        Assert.Contains($"it {problem}", record.Rejection);
    }

    [Fact]
    public void An_id_longer_than_MaxModelIdLength_is_refused_with_its_length_and_the_limit()
    {
        var id = "a/" + new string('b', 199);

        var record = Read($$"""{"id":"{{id}}"}""");

        Assert.Contains("is 201 characters long, more than MaxModelIdLength (200)", record.Rejection);
        Assert.NotNull(Read($$"""{"id":"{{id[..200]}}"}""").Model);
    }

    [Fact]
    public void Real_ids_with_dots_in_a_name_are_kept()
    {
        Assert.NotNull(Read("""{"id":"meta-llama/Llama-3.1-8B"}""").Model);
        Assert.NotNull(Read("""{"id":"gpt2"}""").Model);
        Assert.NotNull(Read("""{"id":"a/..b"}""").Model);
    }

    static string WithParents(int count, Func<int, string> tag) =>
        $$"""{"id":"merges/wide","tags":[{{string.Join(",", Enumerable.Range(0, count).Select(i => $"\"{tag(i)}\""))}}]}""";

    [Fact]
    public void A_record_naming_more_parents_than_MaxParentsPerModel_is_refused_with_the_count_and_the_cap()
    {
        // As the Hub tags a merge: each parent twice, typed and bare.
        var json = WithParents(50_000, i => i % 2 == 0 ? $"base_model:merge:p/m{i / 2}" : $"base_model:p/m{i / 2}");

        var record = Read(json);

        Assert.Null(record.Model);
        Assert.Equal("base_model names 25000 parents, more than MaxParentsPerModel (256)", record.Rejection);
    }

    [Fact]
    public void A_record_at_the_cap_keeps_every_parent_once()
    {
        var json = WithParents(512, i => i % 2 == 0 ? $"base_model:merge:p/m{i / 2}" : $"base_model:p/m{i / 2}");

        var model = Read(json).Model!;

        Assert.Equal(256, model.BaseModels.Count);
        Assert.All(model.BaseModels, l => Assert.Equal(OpenAccess.Contracts.BaseModelRelation.Merge, l.Relation));
        Assert.Equal(256, model.BaseModels.Select(l => l.Id).Distinct().Count());
    }

    [Fact]
    public void Under_a_raised_cap_fifty_thousand_parents_named_twice_each_map_once_each()
    {
        // Before, each parent was compared with every other (22-47 s for this record); now a set keeps them.
        var json = WithParents(100_000, i => i % 2 == 0 ? $"base_model:merge:p/m{i / 2}" : $"base_model:p/m{i / 2}");

        var model = ModelRecordReader.Read(json, Limits with { MaxParents = 100_000 }).Model!;

        Assert.Equal(50_000, model.BaseModels.Count);
        Assert.Equal(50_000, model.BaseModels.Select(l => l.Id).Distinct().Count());
    }
}
