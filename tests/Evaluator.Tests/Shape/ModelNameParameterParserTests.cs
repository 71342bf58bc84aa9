using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Tests.Shape;

public class ModelNameParameterParserTests
{
    [Theory]
    [InlineData("mistralai/Mistral-7B-v0.1", 7_000_000_000L)]
    [InlineData("meta-llama/Llama-2-7b-chat-hf", 7_000_000_000L)]
    [InlineData("meta-llama/Llama-3.1-8B-Instruct", 8_000_000_000L)]
    [InlineData("mistralai/Mixtral-8x7B-v0.1", 56_000_000_000L)]
    [InlineData("Qwen/Qwen2.5-1.5B", 1_500_000_000L)]
    [InlineData("facebook/opt-350m", 350_000_000L)]
    [InlineData("meta-llama/Llama-3.1-405B", 405_000_000_000L)]
    [InlineData("Qwen/Qwen1.5-MoE-A2.7B", null)]
    [InlineData("google-bert/bert-base-uncased", null)]
    [InlineData("openai-community/gpt2", null)]
    [InlineData("extreme/Model-99999999999999999999999999999999999B", null)]   // more digits than any number holds
    [InlineData("extreme/Model-99999999999T", null)]                          // beyond 64 bits
    [InlineData("extreme/Model-99999999999x9999999T", null)]                  // experts beyond 32 bits
    [InlineData("extreme/Model-0x7B", null)]
    [InlineData("extreme/Model-0B", null)]
    public void Sizes_are_read_from_names_and_version_numbers_are_not(string id, long? expected)
    {
        Assert.Equal(expected, ModelNameParameterParser.TryParse(id));
    }
}
