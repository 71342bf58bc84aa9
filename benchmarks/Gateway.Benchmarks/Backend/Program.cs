using System.Text.Json.Serialization;

// A minimal Kestrel app standing in for a backend service: a fixed, small model document for any id
// (serialised per request, as a real service would) and the readiness probe the gateway's health check calls.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BackendJson.Default));

var app = builder.Build();
app.MapGet("/models/{**id}", (string id) => new ModelDocument(id, "meta-llama", "text-generation", 6_738_415_616, ["llama", "pytorch", "en"], 1_234_567));
app.MapGet("/health/ready", () => "Healthy");
app.Run();

record ModelDocument(string Id, string Author, string PipelineTag, long Parameters, string[] Tags, long Downloads);

[JsonSerializable(typeof(ModelDocument))]
partial class BackendJson : JsonSerializerContext;
