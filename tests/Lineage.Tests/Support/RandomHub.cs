using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;

namespace OpenAccess.Lineage.Tests.Support;

/// <summary>
/// A seeded random Hub with the awkward cases the statistics must survive: merges across families,
/// children that arrive before their parents, parents that never arrive (pending), undated and
/// authorless models, an architecture literally named "unknown", and models that later change parents.
/// </summary>
public static class RandomHub
{
    private static readonly DateTimeOffset Start = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string?[] ModelTypes = ["llama", "phi", "qwen2", "unknown", null, null];

    public static LineageGraph Graph(int seed, int models = 2_000)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, models).ToArray();
        random.Shuffle(order);
        var graph = new LineageGraph(sortedDescendantsMinimum: 50);
        foreach (var i in order) graph.Upsert(Model(i, models, random));
        for (var moved = 0; moved < models / 20; moved++) graph.Upsert(Model(random.Next(models), models, random));
        return graph;
    }

    public static string Id(int i) => $"org{i % 37}/model-{i}";

    private static LineageModel Model(int i, int models, Random random)
    {
        var parents = new List<BaseModelLink>();
        if (random.NextDouble() >= 0.25)
        {
            var relation = (BaseModelRelation)random.Next(4);
            var count = relation == BaseModelRelation.Merge ? 2 + random.Next(2) : 1;
            for (var p = 0; p < count; p++)
            {
                // Mostly older models, some newer (they arrive later), a few that never arrive.
                var parent = random.NextDouble() < 0.03 ? $"ghost/parent-{random.Next(20)}"
                    : Id(random.NextDouble() < 0.8 && i > 0 ? random.Next(i) : random.Next(models));
                parents.Add(new BaseModelLink(parent, relation));
            }
        }
        var architecture = random.NextDouble() < 0.2 ? ["LlamaForCausalLM"] : Array.Empty<string>();
        return new LineageModel
        {
            Id = Id(i),
            Author = random.NextDouble() < 0.03 ? "" : $"author{(int)(Math.Pow(random.NextDouble(), 2) * models / 10)}",
            CreatedAt = random.NextDouble() < 0.05 ? null : Start + TimeSpan.FromDays(random.NextDouble() * 900),
            Tags = random.NextDouble() < 0.2 ? ["conversational"] : [],
            ModelType = ModelTypes[random.Next(ModelTypes.Length)],
            Architectures = architecture,
            Parents = parents,
        };
    }
}
