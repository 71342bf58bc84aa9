using System.Text.Json.Serialization;
using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Publishing;

/// <summary>
/// Serialization code generated at build time for the events the harvester publishes, in the conventions the bus gives
/// MassTransit's serializer (BusExtensions.ConfigureJson): camelCase, enums by name, nulls written, compact. A setting added
/// there must be added here; <c>MassTransitEnvelopeTests</c> fails until it is.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ModelDiscovered))]
[JsonSerializable(typeof(ModelsDiscovered))]
[JsonSerializable(typeof(BenchmarkUpdated))]
public sealed partial class ContractJson : JsonSerializerContext;
