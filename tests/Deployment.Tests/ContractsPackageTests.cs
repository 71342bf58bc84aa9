using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using OpenAccess.Deployment.Tests.Infrastructure;

namespace OpenAccess.Deployment.Tests;

/// <summary><c>dotnet pack shared/OpenAccess.Contracts</c>, as a subscriber's team would, gives the package the README describes.</summary>
public sealed class ContractsPackageTests : IDisposable
{
    readonly string output = Directory.CreateTempSubdirectory("openaccess-pack-").FullName;

    [Fact]
    public void The_contracts_pack_into_a_package_with_their_xml_docs_the_project_version_and_no_dependencies()
    {
        var project = Repository.PathOf("shared/OpenAccess.Contracts/OpenAccess.Contracts.csproj");
        var version = XDocument.Load(project).Descendants("OpenAccessContractsVersion").Single().Value;
        var pack = Tool.Run(Dotnet(), ["pack", project, "-c", "Release", "-o", output, "-nologo"], Repository.Root, TimeSpan.FromMinutes(5));
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed: {pack.Output}{pack.Error}");

        var package = Assert.Single(Directory.GetFiles(output, "*.nupkg"));
        Assert.Equal($"OpenAccess.Contracts.{version}.nupkg", Path.GetFileName(package));
        using var zip = ZipFile.OpenRead(package);

        var nuspec = XDocument.Load(zip.GetEntry("OpenAccess.Contracts.nuspec")!.Open());
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("OpenAccess.Contracts", metadata.Element(ns + "id")!.Value);
        Assert.Equal(version, metadata.Element(ns + "version")!.Value);
        Assert.Empty(nuspec.Descendants(ns + "dependency"));
        Assert.Empty(nuspec.Descendants(ns + "frameworkReference"));

        // The docs of every field travel with the package: a subscriber's IDE shows the units.
        var docs = XDocument.Load(zip.GetEntry("lib/net10.0/OpenAccess.Contracts.xml")!.Open());
        var members = docs.Descendants("member").Select(m => m.Attribute("name")!.Value).ToHashSet();
        Assert.Contains("T:OpenAccess.Contracts.ModelDiscovered", members);
        Assert.Contains("P:OpenAccess.Contracts.AccessProfileUpdated.WeightsBytesBf16", members);
        Assert.Contains("bytes", docs.Descendants("member").Single(m => m.Attribute("name")!.Value == "P:OpenAccess.Contracts.AccessProfileUpdated.WeightsBytesBf16").Value);

        // The assembly itself references the base class library only.
        using var dll = new MemoryStream();
        zip.GetEntry("lib/net10.0/OpenAccess.Contracts.dll")!.Open().CopyTo(dll);
        dll.Position = 0;
        using var pe = new PEReader(dll);
        var reader = pe.GetMetadataReader();
        var references = reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, name => Assert.True(name is "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal),
            $"OpenAccess.Contracts references {name}, which is not part of the base class library."));

        Assert.NotNull(zip.GetEntry("README.md"));
    }

    static string Dotnet() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Tool.Find("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH.");

    public void Dispose() => Directory.Delete(output, recursive: true);
}
