using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Graph;

namespace OpenAccess.Lineage.Benchmarks;

/// <summary>
/// The service's graphs at their defaults (`-- graph-state N`): a <see cref="GraphState"/> with the declared graph, the graph
/// with the leaderboard's links and the graph with inferred links, fed N Hub-like records. Each record carries 12 tags of
/// about 18 characters (the bundled snapshot's means: 12.4 tags, 17.6 characters), each a string of its own as a deserialised
/// event gives them, and 1 % carry <c>conversational</c>. Prints the managed heap after a full collection and the peak
/// resident set: the cost of the graphs and of the model records the two extra graphs keep.
/// </summary>
public static class KeptRecordsFigures
{
    static readonly string[] CommonTags =
    [
        "region:us", "safetensors", "generated_from_trainer", "transformers", "endpoints_compatible", "text-generation",
        "text-generation-inference", "autotrain_compatible", "trl", "tensorboard", "alignment-handbook", "llama", "license:mit", "sft",
    ];

    /// <summary>The <paramref name="i"/>th record's 12 tags, each a string of its own as a deserialised event gives them; one in a hundred conversational.</summary>
    public static List<string> HubLikeTags(int i)
    {
        var tags = new List<string>(12);
        for (var t = 0; t < 12; t++) tags.Add(new string(CommonTags[(i + t) % CommonTags.Length].AsSpan()));
        if (i % 100 == 0) tags[0] = new string("conversational".AsSpan());
        return tags;
    }

    public static void Run(int count)
    {
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        var state = new GraphState();
        var start = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(11);
        for (var i = 0; i < count; i++)
        {
            var tags = HubLikeTags(i);
            var parent = i > 0 && random.Next(10) < 7 ? random.Next(i) : -1;
            state.Upsert(new LineageModel
            {
                Id = $"org{i % 9973}/model-{i}", Author = $"org{i % 9973}", CreatedAt = start.AddMinutes(i), LastModified = start.AddMinutes(i + 5),
                Downloads = i % 1000, PipelineTag = "text-generation", Tags = tags, ModelType = "llama", Architectures = ["LlamaForCausalLM"],
                ParameterCount = 7_000_000_000, Parents = parent < 0 ? [] : [new BaseModelLink($"org{parent % 9973}/model-{parent}", BaseModelRelation.Finetune)],
            });
        }
        InferenceFigures.Collect();
        Console.WriteLine($"{state.Graph.ModelCount:N0} models in three graphs; managed heap {GC.GetTotalMemory(true) / 1048576.0:F0} MiB; "
            + $"peak resident set (VmHWM) {InferenceFigures.PeakRss()}; load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        GC.KeepAlive(state);
    }
}
