using OpenAccess.LineageTools.Evaluation;

// dotnet run --project tools/lineage -c Release -- evaluate-inference [--seed N] [--write-doc] [--misses]
if (args is ["evaluate-inference", ..])
{
    var seed = args.SkipWhile(a => a != "--seed").Skip(1).Select(int.Parse).DefaultIfEmpty(InferenceEvaluation.DocumentedSeed).First();
    var root = RepositoryRoot();
    var population = CrawlPopulation.Load(
        Path.Combine(root, "services", "Standalone", "Seed", "hub-model-trees-2025-04.jsonl.gz"),
        Path.Combine(root, "tests", "Lineage.Tests", "Fixtures", "crawl-counts-2025-04.jsonl"));
    var report = InferenceEvaluation.Run(population, seed);
    // The same draw, recovered by the running service's own path (Harvester mapping, bus JSON, Lineage intake, InferredParents).
    var service = InferenceEvaluation.Run(population, seed, ServiceIntake.Recover);
    var withoutCards = InferenceEvaluation.Run(CrawlPopulation.WithoutCards(population), seed, ServiceIntake.Recover);
    var table = EvaluationTable.Write(report, service, withoutCards);
    Console.WriteLine(table);
    if (args.Contains("--write-doc"))
    {
        EvaluationTable.WriteInto(Path.Combine(root, "docs", "lineage.md"), table);
        Console.Error.WriteLine("docs/lineage.md updated.");
    }
    if (args.Contains("--misses")) foreach (var line in report.Examples.Concat(EvaluationTable.Differences(report, service))) Console.Error.WriteLine(line);
    return 0;
}

Console.Error.WriteLine("usage: evaluate-inference [--seed N] [--write-doc] [--misses]");
return 2;

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "OpenAccess.sln"))) return dir.FullName;
    throw new InvalidOperationException("Run it inside the repository: OpenAccess.sln was not found above the current folder.");
}
