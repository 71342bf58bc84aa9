using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;

namespace OpenAccess.Lineage.Benchmarks;

/// <summary>
/// A synthetic Hub: 30 % of models are bases; each derivative picks a uniformly random earlier model
/// as parent (a Yule process, so family sizes are heavy-tailed), climbing up when that would exceed
/// depth 6. Relations 60 % fine-tune, 20 % quantized, 15 % adapter, 5 % merge (with a second parent).
/// Parents are always older, so there are no cycles. Seeded: the same Hub every run.
/// </summary>
public sealed class SyntheticHub(int models, int seed = 42)
{
    private static readonly DateTimeOffset Start = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Architectures = ["llama", "mistral", "qwen2", "gemma", "phi", "gpt2", "bert", "t5"];

    public IEnumerable<LineageModel> Generate()
    {
        var random = new Random(seed);
        var parentOf = new int[models];
        var depth = new byte[models];
        var span = TimeSpan.FromDays(3 * 365.0);
        for (var i = 0; i < models; i++)
        {
            var author = (int)(Math.Pow(random.NextDouble(), 3) * models / 7);
            var parents = new List<BaseModelLink>();
            parentOf[i] = -1;
            if (i > 0 && random.NextDouble() >= 0.3)
            {
                var parent = random.Next(i);
                while (depth[parent] >= 6) parent = parentOf[parent];
                parentOf[i] = parent;
                depth[i] = (byte)(depth[parent] + 1);
                var roll = random.NextDouble();
                var relation = roll < 0.6 ? BaseModelRelation.Finetune : roll < 0.8 ? BaseModelRelation.Quantized
                    : roll < 0.95 ? BaseModelRelation.Adapter : BaseModelRelation.Merge;
                parents.Add(new BaseModelLink(Id(parent), relation));
                if (relation == BaseModelRelation.Merge && random.Next(i) is var other && other != parent)
                    parents.Add(new BaseModelLink(Id(other), relation));
            }
            yield return new LineageModel
            {
                Id = Id(i),
                Author = $"author{author}",
                CreatedAt = Start + span * ((double)i / models),
                Downloads = (long)(1 / Math.Pow(random.NextDouble() + 1e-9, 1.2)),
                Likes = random.Next(50),
                PipelineTag = "text-generation",
                Tags = i % 5 == 0 ? ["conversational"] : [],
                ModelType = Architectures[random.Next(Architectures.Length)],
                ParameterCount = 1_000_000_000L * (1 + random.Next(80)),
                Parents = parents,
            };
        }
    }

    public static string Id(int i) => $"org{i % 9973}/model-{i}";
}
