using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using OpenAccess.ServiceDefaults.Events;

namespace OpenAccess.Contracts.Tests;

/// <summary>
/// Each message of the AsyncAPI document carries a real delivery as its example (shared/OpenAccess.Contracts/examples,
/// captured by `tools/EventContracts examples`), and that delivery is what the document says a subscriber receives.
/// </summary>
public sealed class EventExampleTests
{
    public static TheoryData<string> Events => [.. ContractSchemas.Events.Select(t => t.Name)];

    static JsonObject Message(string name) => JsonNode.Parse(AsyncApiDocument.Json)!["components"]!["messages"]![name]!.AsObject();

    /// <summary>The envelope schema of the document with the event's committed schema in place of its $ref, as one 2020-12 schema.</summary>
    static JsonSchema EnvelopeSchema(string name)
    {
        var envelope = Message(name)["payload"]!.DeepClone().AsObject();
        var committed = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Schemas, $"{name}.json")))!.AsObject();
        committed.Remove("$schema");
        committed.Remove("$id");
        envelope["properties"]!["message"] = committed;
        envelope["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        return JsonSchema.FromText(envelope.ToJsonString());
    }

    static EvaluationResults Validate(JsonSchema schema, JsonNode instance)
    {
        using var document = JsonDocument.Parse(instance.ToJsonString());
        return schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    static string Errors(EvaluationResults result) =>
        string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_example_is_valid_against_the_envelope_and_schema_the_document_gives(string name)
    {
        var example = Assert.Single(Message(name)["examples"]!.AsArray())!;
        var payload = example["payload"]!;
        var result = Validate(EnvelopeSchema(name), payload);
        Assert.True(result.IsValid, Errors(result));
        Assert.Contains($"urn:message:OpenAccess.Contracts:{name}", payload["messageType"]!.AsArray().Select(u => u!.GetValue<string>()));

        var headers = Validate(JsonSchema.FromText(Message(name)["headers"]!.ToJsonString()), example["headers"]!);
        Assert.True(headers.IsValid, Errors(headers));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", example["headers"]!["MT-Activity-Id"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_example_reads_into_its_record_and_writes_back_the_same(string name)
    {
        var type = ContractSchemas.Events.Single(t => t.Name == name);
        var message = Message(name)["examples"]![0]!["payload"]!["message"]!;
        var record = JsonSerializer.Deserialize(message.ToJsonString(), type, ContractSchemas.WireOptions)!;
        var written = JsonNode.Parse(JsonSerializer.Serialize(record, type, ContractSchemas.WireOptions));
        Assert.True(JsonNode.DeepEquals(message, written), $"{name}'s example is not what its record writes (after a change to the contract, capture the examples again: docs/events.md):\n{message}\n{written}");
    }

    [Fact]
    public void The_validation_rejects_an_envelope_that_is_not_the_event()
    {
        var example = Message("AccessProfileUpdated")["examples"]![0]!["payload"]!.DeepClone();
        example["message"]!["gated"] = "no";
        example["messageType"] = new JsonArray("urn:message:OpenAccess.Contracts:ModelDiscovered");
        example["sentTime"] = "yesterday";
        Assert.False(Validate(EnvelopeSchema("AccessProfileUpdated"), example).IsValid);
    }

    [Fact]
    public void The_examples_are_records_of_the_bundled_data()
    {
        var model = Message("ModelDiscovered")["examples"]![0]!["payload"]!["message"]!;
        var id = model["id"]!.GetValue<string>();
        var sha = model["sha"]!.GetValue<string>();
        using (var seed = new StreamReader(new GZipStream(File.OpenRead(Repository.PathOf("services/Standalone/Seed/hub-model-trees-2025-04.jsonl.gz")), CompressionMode.Decompress)))
        {
            var line = ReadLines(seed).Select(l => JsonNode.Parse(l)!).Single(l => (string?)l["id"] == id);
            Assert.Equal(sha, (string?)line["sha"]);
            Assert.Equal((long?)line["likes"], (long?)model["likes"]);
        }

        // The batch event carries that same model, under the message id its own ModelDiscovered went out with.
        var inBatch = Message("ModelsDiscovered")["examples"]![0]!["payload"]!["message"]!["models"]!.AsArray().Single(m => (string?)m!["model"]!["id"] == id)!;
        Assert.Equal(Message("ModelDiscovered")["examples"]![0]!["payload"]!["messageId"]!.GetValue<string>(), inBatch["messageId"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(model, inBatch["model"]), $"the batch's {id} is not the ModelDiscovered's:\n{inBatch["model"]}\n{model}");

        var benchmark = Message("BenchmarkUpdated")["examples"]![0]!["payload"]!["message"]!;
        var table = File.ReadAllText(Repository.PathOf("tests/Harvester.Tests/Fixtures/leaderboard/v2/open_llm_leaderboard_v2_2025-02.csv"));
        Assert.Contains(benchmark["modelId"]!.GetValue<string>(), table);
        Assert.Contains(benchmark["revision"]!.GetValue<string>(), table);

        // The lineage, fitting and access events are about the same base model and revision.
        Assert.Equal(id, Message("FamilyAdoptionChanged")["examples"]![0]!["payload"]!["message"]!["familyId"]!.GetValue<string>());
        Assert.Equal(id, Message("AdoptionForecastUpdated")["examples"]![0]!["payload"]!["message"]!["familyId"]!.GetValue<string>());
        var profile = Message("AccessProfileUpdated")["examples"]![0]!["payload"]!["message"]!;
        Assert.Equal((id, sha), (profile["modelId"]!.GetValue<string>(), profile["revision"]!.GetValue<string>()));
    }

    static IEnumerable<string> ReadLines(StreamReader reader)
    {
        while (reader.ReadLine() is { } line) yield return line;
    }
}
