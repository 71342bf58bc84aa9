using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenAccess.Deployment.Tests.Infrastructure;

/// <summary>Just enough YAML navigation for manifests: documents, paths of keys, scalars and sequences.</summary>
public static class Yaml
{
    /// <summary>Every non-empty document of a (multi-document) YAML text; merge keys (<c>&lt;&lt;: *anchor</c>) resolved.</summary>
    public static IReadOnlyList<YamlMappingNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(new StringReader(text))));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    /// <summary>The node at a path of mapping keys, or null when any step is missing.</summary>
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(this YamlNode? node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode seq ? seq.Children.ToList() : [];

    public static IReadOnlyList<(string Key, YamlNode Value)> Entries(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlMappingNode map
            ? map.Children.Select(c => (((YamlScalarNode)c.Key).Value!, c.Value)).ToList()
            : [];
}
