using System.Net;
using System.Text.Json;
using OpenAccess.Hostile.Tests.Infrastructure;

namespace OpenAccess.Hostile.Tests;

/// <summary>Configs at the extremes: every model still gets an access profile that says what could not be computed.</summary>
[Collection(CorpusCollection.Name)]
public sealed class ExtremeConfigTests(CorpusHost corpus)
{
    public static TheoryData<string, string> Configs => new()
    {
        { "layers", """{"model_type":"llama","num_hidden_layers":2143297521,"num_attention_heads":32,"num_key_value_heads":8,"hidden_size":4096,"intermediate_size":14336,"vocab_size":128256,"max_position_embeddings":131072}""" },
        { "everything-max", """{"model_type":"llama","num_hidden_layers":2147483647,"num_attention_heads":2147483647,"num_key_value_heads":2147483647,"hidden_size":2147483647,"intermediate_size":2147483647,"vocab_size":2147483647,"max_position_embeddings":2147483647}""" },
        { "negative", """{"model_type":"llama","num_hidden_layers":-32,"num_attention_heads":-1,"num_key_value_heads":0,"hidden_size":-4096,"vocab_size":-1,"max_position_embeddings":-5}""" },
        { "zero-heads", """{"model_type":"llama","num_hidden_layers":32,"num_attention_heads":0,"num_key_value_heads":0,"hidden_size":4096,"vocab_size":32000}""" },
        { "huge-context", """{"model_type":"llama","num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,"hidden_size":4096,"vocab_size":32000,"max_position_embeddings":1e12}""" },
        { "experts", """{"model_type":"mixtral","num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,"hidden_size":4096,"intermediate_size":14336,"vocab_size":32000,"num_local_experts":2147483647,"num_experts_per_tok":2147483647}""" },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public async Task A_model_with_an_absurd_config_gets_a_profile_and_no_wrapped_number(string name, string config)
    {
        var id = $"extreme-config/{name}";
        var line = Records.Line(id).Replace("\"config\":null", $"\"config\":{config}");
        var run = await corpus.ImportAsync(Records.Jsonl([line]), $"config-{name}");
        Assert.True(run.Status == "completed", run.ToString());

        var profile = await Eventually.Get(async () =>
        {
            using var response = await corpus.SendAsync(HttpMethod.Get, $"/api/access/models/{id}");
            return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement : default;
        }, p => p.ValueKind == JsonValueKind.Object, $"a profile of {id}", 120);

        if (profile.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
            && parameters.TryGetProperty("total", out var total) && total.ValueKind == JsonValueKind.Number)
        {
            // 2,143,297,521 layers of a 4096-wide Llama is about 1.8e19 parameters: past a long, so never a small positive count.
            Assert.True(name != "layers" || total.GetDouble() > 1e18, $"{name}: parameters.total = {total}");
            Assert.True(total.GetDouble() > 0, $"{name}: parameters.total = {total}");
        }

        await corpus.Host.AssertAliveAsync(name);
    }
}
