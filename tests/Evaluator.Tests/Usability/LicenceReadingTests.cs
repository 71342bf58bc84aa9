using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Tests.Usability;

/// <summary><c>license: other</c> read through the card's <c>license_name</c> and <c>license_link</c>, with the text the class rests on.</summary>
public sealed class LicenceReadingTests
{
    [Theory]
    // Card fields as they stand in the bundled snapshot (services/Standalone/Seed).
    [InlineData("other", "llama4", null, LicenceClass.OpenWithUseRestrictions, "Llama 4 Community License")]
    [InlineData("other", "gemma-terms-of-use", "https://ai.google.dev/gemma/terms", LicenceClass.OpenWithUseRestrictions, "Gemma Terms of Use")]
    [InlineData("other", "nvidia-open-model-license", "https://developer.download.nvidia.com/licenses/nvidia-open-model-license-agreement-june-2024.pdf", LicenceClass.OpenWithUseRestrictions, "NVIDIA Open Model License")]
    [InlineData("other", "mrl", "https://mistral.ai/licenses/MRL-0.1.md", LicenceClass.NonCommercial, "Mistral AI Research License")]
    [InlineData("other", "microsoft-research-license", "https://huggingface.co/microsoft/phi-2/resolve/main/LICENSE", LicenceClass.NonCommercial, "Microsoft Research License")]
    [InlineData(null, "intel-research-use-license", "LICENSE.md", LicenceClass.NonCommercial, "Intel Research Use License")]
    // Other spellings the Hub's cards use.
    [InlineData("other", null, "https://llama.meta.com/llama3_1/license/", LicenceClass.OpenWithUseRestrictions, "Llama 3.1 Community License")]
    [InlineData("other", "llama2", null, LicenceClass.OpenWithUseRestrictions, "Llama 2 Community License")]
    [InlineData("other", "llama3", null, LicenceClass.OpenWithUseRestrictions, "Llama 3 Community License")]
    [InlineData("other", "tongyi-qianwen", "https://huggingface.co/Qwen/Qwen2.5-72B/blob/main/LICENSE", LicenceClass.OpenWithUseRestrictions, "Tongyi Qianwen (Qwen) License")]
    [InlineData("other", "qwen-research", null, LicenceClass.NonCommercial, "Qwen Research License")]
    [InlineData("other", "deepseek", "LICENSE-MODEL", LicenceClass.OpenWithUseRestrictions, "DeepSeek License")]
    [InlineData("creativeml-openrail-m", null, null, LicenceClass.OpenWithUseRestrictions, "CreativeML OpenRAIL-M")]
    [InlineData("llama3.1", null, null, LicenceClass.OpenWithUseRestrictions, "Llama 3.1 Community License")]
    public void License_other_is_classed_by_its_name_or_link_and_keeps_the_cards_text(string? licence, string? name, string? link, LicenceClass expected, string family)
    {
        var reading = LicenceClassifier.Read(licence, name, link);

        Assert.Equal((expected, family), (reading.Class, reading.Name));
        Assert.Null(reading.Reason);
        Assert.NotNull(reading.Terms);
        if (name is not null) Assert.Contains($"license_name: {name}", reading.Evidence);
        if (licence is not null) Assert.Contains($"license: {licence}", reading.Evidence);
    }

    [Theory]
    [InlineData("llama2")]
    [InlineData("llama3")]
    [InlineData("llama3.1")]
    [InlineData("llama4")]
    public void The_Llama_community_licences_are_restricted_by_the_acceptable_use_policy_and_the_700_M_user_clause(string name)
    {
        var terms = LicenceClassifier.Read("other", name, null).Terms!;

        Assert.Contains("acceptable-use policy", terms);
        Assert.Contains("700 million monthly active users", terms);
    }

    [Theory]
    [InlineData(null, null, null, "gives no licence")]
    [InlineData("other", null, null, "names no licence")]
    [InlineData("other", "hollywood-francis100", "LICENSE", "license_name: hollywood-francis100")]
    [InlineData("wtfpl-9", null, null, "'wtfpl-9' is not one the classifier knows")]
    public void An_unknown_licence_stays_unknown_and_says_why(string? licence, string? name, string? link, string reason)
    {
        var reading = LicenceClassifier.Read(licence, name, link);

        Assert.Equal(LicenceClass.Unknown, reading.Class);
        Assert.Null(reading.Name);
        Assert.Contains(reason, reading.Reason);
    }
}
