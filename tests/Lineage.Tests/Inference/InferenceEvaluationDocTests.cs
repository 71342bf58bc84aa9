using OpenAccess.LineageTools.Evaluation;

namespace OpenAccess.Lineage.Tests.Inference;

/// <summary>
/// docs/lineage.md's evaluation of inferred parents is what `tools/lineage evaluate-inference` answers now: the test runs the
/// same evaluation over the same bundled crawls and compares its table with the text between the markers.
/// </summary>
public sealed class InferenceEvaluationDocTests
{
    [Fact]
    public void The_evaluation_in_docs_lineage_md_is_what_the_command_answers()
    {
        var population = CrawlPopulation.Load(
            Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz"),
            Path.Combine(AppContext.BaseDirectory, "Fixtures", "crawl-counts-2025-04.jsonl"));
        var expected = EvaluationTable.Write(InferenceEvaluation.Run(population, InferenceEvaluation.DocumentedSeed),
            InferenceEvaluation.Run(population, InferenceEvaluation.DocumentedSeed, ServiceIntake.Recover),
            InferenceEvaluation.Run(CrawlPopulation.WithoutCards(population), InferenceEvaluation.DocumentedSeed, ServiceIntake.Recover)).ReplaceLineEndings("\n");

        var root = RepositoryRoot();
        var written = EvaluationTable.Written(File.ReadAllText(Path.Combine(root, "docs", "lineage.md")));
        Assert.True(written is not null, "docs/lineage.md has no undeclared-parents-evaluation section.");
        var answer = Path.Combine(root, "artifacts", "test-results", "undeclared-parents-evaluation.md");
        Directory.CreateDirectory(Path.GetDirectoryName(answer)!);
        File.WriteAllText(answer, expected);
        Assert.True(written == expected,
            $"docs/lineage.md's evaluation differs from what the command answers now; its version is in {answer} "
            + "(`dotnet run --project tools/lineage -c Release -- evaluate-inference --write-doc` writes it).");
    }

    [Fact]
    public void Another_seed_hides_other_models()
    {
        var population = CrawlPopulation.Load(
            Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz"),
            Path.Combine(AppContext.BaseDirectory, "Fixtures", "crawl-counts-2025-04.jsonl"));
        var a = InferenceEvaluation.Run(population, 42);
        var b = InferenceEvaluation.Run(population, 1);

        Assert.Equal(a.HiddenModels, b.HiddenModels);
        Assert.Equal((int)Math.Round(a.ModelsWithLinks * 0.3), a.HiddenModels);
        Assert.NotEqual(a.Hidden.Select(h => h.Child).ToHashSet(), b.Hidden.Select(h => h.Child).ToHashSet());
        // Every hidden link is scored against its own answer: a recovered link is right only when its parent was declared.
        Assert.All(a.Links.Where(l => l.ParentRight), l => Assert.Contains(a.Hidden, h => h.Child == l.Link.ChildId && h.Declared.Id.Equals(l.Link.ParentId, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Hiding_a_declaration_takes_base_model_out_of_the_card_front_matter_and_nothing_else()
    {
        var card = "---\nlicense: other\nbase_model:\n- meta-llama/Llama-2-7b-chat-hf\n- google/gemma-7b\nbase_model_relation: merge\n"
            + "model_link: https://huggingface.co/meta-llama/Llama-2-7b-chat-hf\ntags:\n- llama\n---\n\n"
            + "This model is a fine-tuned version of [meta-llama/Llama-2-7b-chat-hf](https://huggingface.co/meta-llama/Llama-2-7b-chat-hf).\nbase_model: stays in prose";

        var hidden = CardDeclaration.Without(card);

        Assert.Equal("---\nlicense: other\nmodel_link: https://huggingface.co/meta-llama/Llama-2-7b-chat-hf\ntags:\n- llama\n---\n\n"
            + "This model is a fine-tuned version of [meta-llama/Llama-2-7b-chat-hf](https://huggingface.co/meta-llama/Llama-2-7b-chat-hf).\nbase_model: stays in prose", hidden);
        Assert.Equal("---\nbase_model: a/b", CardDeclaration.Without("---\nbase_model: a/b")); // no closing line: not front matter
        Assert.Null(CardDeclaration.Without(null));
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpenAccess.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (OpenAccess.sln) was not found above the test's folder.");
    }
}
