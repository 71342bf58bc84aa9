using System.Reflection;
using System.Xml.Linq;

namespace OpenAccess.ServiceDefaults.Events;

/// <summary>
/// The XML docs of the contracts (<c>OpenAccess.Contracts.xml</c>, built beside the assembly and copied with it), read as plain
/// text: the summaries of types and properties, and the <c>param</c> docs of positional records, whose properties have none.
/// </summary>
public sealed class ContractDocs
{
    readonly Dictionary<string, XElement> members;

    ContractDocs(Dictionary<string, XElement> members) => this.members = members;

    public static ContractDocs Load(Assembly contracts)
    {
        var path = Path.ChangeExtension(contracts.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The XML docs of {contracts.GetName().Name} are not at {path}: they give the event schemas their descriptions. " +
                "They are built with the contracts (GenerateDocumentationFile) and copied beside a referencing assembly.");
        }

        var members = XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name") is not null)
            .ToDictionary(m => m.Attribute("name")!.Value);
        return new ContractDocs(members);
    }

    public string? Of(Type type) => Text(members.GetValueOrDefault($"T:{Name(type)}")?.Element("summary"));

    public string? Of(Type declaringType, string propertyName) =>
        Text(members.GetValueOrDefault($"P:{Name(declaringType)}.{propertyName}")?.Element("summary"))
        ?? Text(members.GetValueOrDefault($"T:{Name(declaringType)}")?.Elements("param").FirstOrDefault(p => p.Attribute("name")?.Value == propertyName));

    public string? OfEnumMember(Type enumType, string member) =>
        Text(members.GetValueOrDefault($"F:{Name(enumType)}.{member}")?.Element("summary"));

    static string Name(Type type) => type.FullName!.Replace('+', '.');

    /// <summary>The doc as one line of text: <c>see cref</c> as the member's short name, <c>c</c> as its content.</summary>
    static string? Text(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var parts = element.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "see" } see => see.Attribute("cref")?.Value.Split('.', ':').Last() ?? see.Value,
            XElement e => e.Value,
            _ => "",
        });
        var text = string.Join("", parts);
        return string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }
}
