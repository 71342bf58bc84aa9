using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Storage;
using OpenAccess.Harvester.Domain;
using OpenAccess.Integration.Tests.Infrastructure;
using static OpenAccess.Evaluator.Domain.ComponentStatus;

namespace OpenAccess.Integration.Tests;

/// <summary>
/// Five models of the bundled snapshot, each component worked out by hand from its raw record (siblings, gated, library_name,
/// tags, cardData license, the card's headings and links; the table in docs/access-profiles.md gives the evidence), against what
/// the Harvester's mapper and the Evaluator's assessment make of the same line.
/// </summary>
public sealed class OpennessHandCheckTests
{
    public static TheoryData<string, ComponentStatus[], OpennessClass, int> HandChecked => new()
    {
        // weights, inference code, training code, training data, licence, documentation
        // phi-2: 2 .safetensors ungated; transformers; card links transformers, pytorch, DeepSpeed, flash-attention; no dataset named,
        // no heading on data; MIT; "Intended Uses", "Limitations of Phi-2", no evaluation heading.
        { "microsoft/phi-2", [Open, Open, Partial, NotFound, Open, Partial], OpennessClass.OpenModel, 3 },
        // Llama-2-7b: consolidated.00.pth, gated manual; no library_name, no custom_code; links facebookresearch/llama; "Training Data"
        // heading, no dataset named; llama2; "Intended Use", "Ethical Considerations and Limitations", "Evaluation Results".
        { "meta-llama/Llama-2-7b", [Restricted, Unknown, Partial, Partial, Restricted, Open], OpennessClass.OpenWeights, 1 },
        // gemma-7b: 4 .safetensors + 1 .gguf, gated manual; transformers; ships examples/example_sft_qlora.py; "Model Data" heading, no
        // dataset named; gemma; "Intended Usage", "Usage and Limitations", "Evaluation".
        { "google/gemma-7b", [Restricted, Open, Open, Partial, Restricted, Open], OpennessClass.OpenWeights, 3 },
        // Llama-4-Scout: 50 .safetensors, gated manual; transformers; no Python file and no card text in the crawl; license other +
        // license_name llama4.
        { "meta-llama/Llama-4-Scout-17B-16E", [Restricted, Open, Unknown, Unknown, Restricted, Unknown], OpennessClass.OpenWeights, 1 },
        // Phasmid-2_v2: 2 .safetensors + 2 .bin ungated; custom_code but no Python file; links axolotl; dataset:PygmalionAI/PIPPA and
        // dataset:HuggingFaceH4/no_robots; MIT; "Intended uses & limitations", "Training results".
        { "SE6446/Phasmid-2_v2", [Open, Partial, Partial, Open, Open, Open], OpennessClass.OpenWeights, 4 },
    };

    [Theory]
    [MemberData(nameof(HandChecked))]
    public void Components_of_a_bundled_model_are_the_ones_worked_out_by_hand_from_its_record(string id, ComponentStatus[] expected, OpennessClass expectedClass, int open)
    {
        var line = Snapshot.Lines(Snapshot.BundledPath).Single(l => l.Contains($"\"id\":\"{id}\"", StringComparison.Ordinal));
        var record = ModelRecordReader.Read(line);
        Assert.True(record.IsValid, record.Rejection);

        var input = ModelResources.From(record.Model!).ToProfileInput();
        var openness = OpennessAssessor.Assess(AccessProfileCalculator.OpennessOf(input, LicenceClassifier.Read(input.Licence, input.LicenceName, input.LicenceLink)));

        Assert.Equal(
            Enum.GetValues<OpennessComponent>().Zip(expected).Select(p => $"{p.First}: {p.Second}"),
            openness.Components.Select(c => $"{c.Component}: {c.Status}"));
        Assert.Equal((expectedClass, open), (openness.Class, openness.OpenComponents));
        Assert.All(openness.Components, c => Assert.False(string.IsNullOrWhiteSpace(c.Evidence)));
    }

    [Fact]
    public void The_evidence_names_what_was_read()
    {
        var line = Snapshot.Lines(Snapshot.BundledPath).Single(l => l.Contains("\"id\":\"google/gemma-7b\"", StringComparison.Ordinal));
        var input = ModelResources.From(ModelRecordReader.Read(line).Model!).ToProfileInput();
        var openness = OpennessAssessor.Assess(AccessProfileCalculator.OpennessOf(input, LicenceClassifier.Read(input.Licence, input.LicenceName, input.LicenceLink)));
        string Evidence(OpennessComponent c) => openness.Components.Single(x => x.Component == c).Evidence;

        Assert.Equal("Weight files: 4 .safetensors, 1 .gguf; gated: downloading them needs an accepted agreement.", Evidence(OpennessComponent.Weights));
        Assert.Contains("examples/example_sft_qlora.py", Evidence(OpennessComponent.TrainingCode));
        Assert.Equal("The card has a section \"Model Data\" but names no Hub dataset.", Evidence(OpennessComponent.TrainingData));
        Assert.Contains("intended use (\"Intended Usage\"), limitations (\"Usage and Limitations\"), evaluation (\"Evaluation\")", Evidence(OpennessComponent.Documentation));
    }

    [Fact]
    public void The_licence_evidence_names_the_licence_files_the_repository_ships()
    {
        var line = Snapshot.Lines(Snapshot.BundledPath).Single(l => l.Contains("\"id\":\"meta-llama/Llama-2-7b\"", StringComparison.Ordinal));
        var input = ModelResources.From(ModelRecordReader.Read(line).Model!).ToProfileInput();
        var licence = OpennessAssessor.Assess(AccessProfileCalculator.OpennessOf(input, LicenceClassifier.Read(input.Licence, input.LicenceName, input.LicenceLink)))
            .Components.Single(c => c.Component == OpennessComponent.Licence);

        Assert.Equal(ComponentStatus.Restricted, licence.Status);
        Assert.StartsWith("Use restrictions: Llama 2 Community License (license: llama2).", licence.Evidence);
        Assert.EndsWith("Licence files in the repository: LICENSE.txt, USE_POLICY.md.", licence.Evidence);
    }
}
