using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Usability;

public class UsabilityAndUtilityTests
{
    [Theory]
    [InlineData("apache-2.0", LicenceClass.Permissive)]
    [InlineData("MIT", LicenceClass.Permissive)]
    [InlineData("license:mit", LicenceClass.Permissive)]
    [InlineData("llama2", LicenceClass.OpenWithUseRestrictions)]
    [InlineData("llama3.1", LicenceClass.OpenWithUseRestrictions)]
    [InlineData("gemma", LicenceClass.OpenWithUseRestrictions)]
    [InlineData("openrail", LicenceClass.OpenWithUseRestrictions)]
    [InlineData("creativeml-openrail-m", LicenceClass.OpenWithUseRestrictions)]
    [InlineData("cc-by-nc-4.0", LicenceClass.NonCommercial)]
    [InlineData("cc-by-nc-sa-4.0", LicenceClass.NonCommercial)]
    [InlineData("proprietary", LicenceClass.Proprietary)]
    [InlineData("other", LicenceClass.Unknown)]
    [InlineData(null, LicenceClass.Unknown)]
    [InlineData("", LicenceClass.Unknown)]
    public void Licence_ids_are_classed_by_what_they_allow(string? licence, LicenceClass expected)
    {
        Assert.Equal(expected, LicenceClassifier.Classify(licence));
    }

    [Fact]
    public void Vision_language_models_take_images_and_text_and_chat_models_text()
    {
        var vision = PipelineModalities.FromPipelineTag("image-text-to-text")!;
        var chat = PipelineModalities.FromPipelineTag("text-generation")!;

        Assert.Equal([Modality.Image, Modality.Text], vision.Input);
        Assert.Equal([Modality.Text], vision.Output);
        Assert.Equal([Modality.Text], chat.Input);
        Assert.Equal([Modality.Audio], PipelineModalities.FromPipelineTag("automatic-speech-recognition")!.Input);
        Assert.Null(PipelineModalities.FromPipelineTag("robotics"));
        Assert.Null(PipelineModalities.FromPipelineTag(null));
    }

    [Fact]
    public void Llama_3_1_reports_its_131072_tokens_and_the_rope_factor_as_given()
    {
        var context = ContextProfile.From(ConfigFixture.LoadShape(ConfigFixture.Llama8B));

        // The factor is not a context multiplier to derive from: 8 × 8,192 = 65,536, half the configured 131,072
        // (llama3 rope scaling stretches only the low frequencies). Both are reported as the config gives them.
        Assert.Equal(131_072, context.MaxTokens);
        Assert.Equal(8.0, context.RopeScalingFactor);
        Assert.Equal(8_192, context.PretrainedTokens);
        Assert.NotEqual(context.MaxTokens, (int)(context.RopeScalingFactor!.Value * context.PretrainedTokens!.Value));
    }

    [Fact]
    public void Mistral_7B_gives_no_rope_scaling()
    {
        var context = ContextProfile.From(ConfigFixture.LoadShape(ConfigFixture.Mistral7B));

        Assert.Equal(32_768, context.MaxTokens);
        Assert.Null(context.RopeScalingFactor);
    }
}
