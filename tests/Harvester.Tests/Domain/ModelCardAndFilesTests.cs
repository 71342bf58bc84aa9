using System.Text.Json;
using OpenAccess.Harvester.Domain;

namespace OpenAccess.Harvester.Tests.Domain;

/// <summary>The bounded summaries of a record's card text and file list that ModelDiscovered carries.</summary>
public sealed class ModelCardAndFilesTests
{
    [Fact]
    public void A_card_gives_its_prose_length_headings_outside_code_and_its_links()
    {
        var card = "---\nlicense: mit\n---\n# Model ##\nSee https://github.com/org/trainer.git and https://GitHub.com/org/trainer.\n"
                   + "```python\n# not a heading\n```\n    # indented code\n## Intended uses & limitations\nData: https://huggingface.co/datasets/org/set.\n#hashtag\n";
        var summary = ModelCardReader.Read(card, RecordLimits.Default);

        Assert.Equal(card.Length - "---\nlicense: mit\n---\n".Length, summary.Length);
        Assert.Equal(["Model", "Intended uses & limitations"], summary.Headings);
        Assert.Equal(["github.com/org/trainer"], summary.RepositoryLinks);
        Assert.Equal(["org/set"], summary.DatasetLinks);
        Assert.False(summary.Truncated);
    }

    [Fact]
    public void Only_the_first_MaxCardScanChars_are_scanned_and_the_lists_are_bounded()
    {
        var limits = RecordLimits.Default with { MaxCardScanChars = 1000, MaxCardHeadings = 3, MaxListedItems = 2 };
        var card = string.Concat(Enumerable.Range(0, 50).Select(i => $"# H{i}\nhttps://github.com/o/r{i}\n")) + new string('x', 1_000_000) + "\n# Late\n";
        var summary = ModelCardReader.Read(card, limits);

        Assert.True(summary.Truncated);
        Assert.Equal(card.Length, summary.Length);
        Assert.Equal(["H0", "H1", "H2"], summary.Headings);
        Assert.Equal(["github.com/o/r0", "github.com/o/r1"], summary.RepositoryLinks);
    }

    [Fact]
    public void Files_are_read_in_the_API_form_and_the_crawl_form_and_trainer_state_is_not_weights()
    {
        using var api = JsonDocument.Parse("""{"siblings":[{"rfilename":"model.safetensors"},{"rfilename":"training_args.bin"},{"rfilename":"modeling_x.py"},{"rfilename":"LICENSE"},{"rfilename":"q/model.Q4_K_M.gguf"}]}""");
        var files = RepositoryFilesReader.Read(api.RootElement, RecordLimits.Default)!;
        Assert.Equal(5, files.Count);
        Assert.Equal(new Dictionary<string, int> { ["gguf"] = 1, ["safetensors"] = 1 }, files.WeightFormats);
        Assert.Equal(["modeling_x.py"], files.CodeFiles);
        Assert.Equal(["LICENSE"], files.LicenseFiles);

        using var crawl = JsonDocument.Parse("""{"siblings":["RepoSibling(rfilename='consolidated.00.pth', size=None, blob_id=None, lfs=None)"]}""");
        Assert.Equal(new Dictionary<string, int> { ["pth"] = 1 }, RepositoryFilesReader.Read(crawl.RootElement, RecordLimits.Default)!.WeightFormats);

        using var none = JsonDocument.Parse("""{"id":"a/b"}""");
        Assert.Null(RepositoryFilesReader.Read(none.RootElement, RecordLimits.Default));
    }
}
