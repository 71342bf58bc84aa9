using System.Collections.Concurrent;
using YamlDotNet.RepresentationModel;

namespace OpenAccess.Deployment.Tests.Infrastructure;

/// <summary>One rendered Kubernetes object.</summary>
public sealed record Manifest(string Kind, string Name, YamlMappingNode Node)
{
    public override string ToString() => $"{Kind}/{Name}";
}

/// <summary>A container of a workload, with the pod it runs in.</summary>
public sealed record Container(Manifest Workload, YamlNode Pod, YamlNode Node)
{
    public string Name => Node.Text("name") ?? "?";

    public override string ToString() => $"{Workload}, container {Name}";
}

/// <summary>The overlays under k8s/overlays, rendered once each with <c>kubectl kustomize</c>.</summary>
public static class Manifests
{
    public static readonly TheoryData<string> Overlays = new("dev", "prod");

    static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<Manifest>>> Rendered = new();

    public static IReadOnlyList<Manifest> Of(string overlay) =>
        Rendered.GetOrAdd(overlay, o => new Lazy<IReadOnlyList<Manifest>>(() => Render(o))).Value;

    public static IEnumerable<Manifest> OfKind(this IEnumerable<Manifest> manifests, string kind) => manifests.Where(m => m.Kind == kind);

    public static IEnumerable<Container> Containers(this IEnumerable<Manifest> manifests) =>
        from workload in manifests
        where workload.Kind is "Deployment" or "StatefulSet" or "DaemonSet" or "Job"
        let pod = workload.Node.At("spec", "template", "spec")!
        from container in pod.Items("containers").Concat(pod.Items("initContainers"))
        select new Container(workload, pod, container);

    static IReadOnlyList<Manifest> Render(string overlay)
    {
        var kubectl = Tool.Find("kubectl") ?? throw new InvalidOperationException(
            "kubectl is not on PATH: these tests render k8s/overlays with `kubectl kustomize`. " +
            "Install it (test.sh does, through deploy/ci-tools.sh), or run `kubectl kustomize k8s/overlays/" + overlay + "` by hand to see the manifests.");
        var directory = Repository.PathOf(Path.Combine("k8s", "overlays", overlay));
        var result = Tool.Run(kubectl, ["kustomize", directory], Repository.Root, TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0 && result.Error.Contains("unknown field", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{kubectl} embeds a kustomize too old for k8s/overlays/{overlay} (needs kubectl 1.21 or later, kustomize v4+; " +
                $"Debian 12's kubernetes-client is 1.20): {result.Error.Trim()}. deploy/ci-tools.sh puts a newer one on PATH.");
        }

        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {directory} failed ({result.ExitCode}): {result.Error}");
        }

        return Yaml.Documents(result.Output)
            .Select(d => new Manifest(d.Text("kind") ?? "", d.Text("metadata", "name") ?? "", d))
            .ToList();
    }
}
