using OpenAccess.Lineage.Domain;

namespace OpenAccess.Lineage.Tests.Support;

/// <summary>
/// Nine real models from the snapshot, small enough to work out every statistic by hand:
/// <code>
/// meta-llama/Llama-2-7b               2023-07-09 Sun  root      (no config: architecture unknown)
///   epfl-llm/meditron-7b              2023-11-08 Wed  fine-tune llama
///     malhajar/meditron-7b-chat       2023-12-09 Sat  chat      llama
///     AGBonnet/medinote-7b            2024-01-16 Tue  fine-tune llama
/// microsoft/phi-2                     2023-12-13 Wed  root      phi    2.78 B parameters
///   BramVanroy/fietje-2               2024-04-09 Tue  fine-tune phi    (no parameter count)
///     BramVanroy/fietje-2-instruct    2024-04-27 Sat  chat      phi    2.78 B
///       BramVanroy/fietje-2-chat      2024-04-29 Mon  chat      phi    2.78 B
///   rasyosef/phi-2-instruct-apo       2024-09-15 Sun  chat      phi    2.78 B
/// </code>
/// </summary>
public static class NineModels
{
    public static readonly string[] Ids =
    [
        "meta-llama/Llama-2-7b", "epfl-llm/meditron-7b", "malhajar/meditron-7b-chat", "AGBonnet/medinote-7b",
        "microsoft/phi-2", "BramVanroy/fietje-2", "BramVanroy/fietje-2-instruct", "BramVanroy/fietje-2-chat",
        "rasyosef/phi-2-instruct-apo",
    ];

    public static LineageGraph Graph() => HubSnapshot.Graph(Ids.Select(HubSnapshot.Model));
}
