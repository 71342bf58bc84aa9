using System.Text.Json;
using System.Text.Json.Serialization;
using OpenAccess.Evaluator.Domain;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Storage;

/// <summary>
/// A profile's JSON as <see cref="DocumentJson"/> writes it, byte for byte, from code generated at build time: the reflection-based
/// writer was the largest part of the Evaluator's JSON work (a profile is 6–7 KB, some 30 sizes and 60 prices), and the generated
/// writer needs no metadata walk a property (docs/pipeline.md, "Session 13"). <c>ProfileJsonTests</c> holds the two to the same bytes.
/// </summary>
public static class ProfileJson
{
    public static byte[] SerializeToUtf8(AccessProfile profile) => JsonSerializer.SerializeToUtf8Bytes(profile, ProfileJsonContext.Default.AccessProfile);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AccessProfile))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
