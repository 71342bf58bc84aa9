using System.Text.Json.Nodes;
using OpenAccess.EventContracts;
using OpenAccess.ServiceDefaults.Events;

// dotnet run --project tools/EventContracts -- schemas [folder]   writes the committed schemas; refuses a breaking change
//                                            -- examples [folder]  captures one real delivery of each event (docs/events.md)
//                                            -- asyncapi           prints the AsyncAPI document /asyncapi.json serves
var command = args.FirstOrDefault();
switch (command)
{
    case "schemas":
        return WriteSchemas(args.ElementAtOrDefault(1) ?? Path.Combine("shared", "OpenAccess.Contracts", "schemas"));
    case "examples":
        return await new ExampleCapture(Directory.GetCurrentDirectory(),
                new Uri(Environment.GetEnvironmentVariable("OPENACCESS_TEST_RABBITMQ") ?? "amqp://guest:guest@localhost:5672/"))
            .RunAsync(args.ElementAtOrDefault(1) ?? Path.Combine("shared", "OpenAccess.Contracts", "examples"));
    case "asyncapi":
        Console.Out.Write(System.Text.Encoding.UTF8.GetString(AsyncApiDocument.Json));
        return 0;
    default:
        Console.Error.WriteLine("usage: EventContracts schemas [folder] | examples [folder] | asyncapi");
        return 2;
}

static int WriteSchemas(string folder)
{
    Directory.CreateDirectory(folder);
    var refused = 0;
    foreach (var type in ContractSchemas.Events)
    {
        var path = Path.Combine(folder, $"{type.Name}.json");
        var current = ContractSchemas.For(type);
        if (File.Exists(path) && SchemaCompatibility.Breaks(JsonNode.Parse(File.ReadAllText(path))!, current) is { Count: > 0 } breaks)
        {
            Console.Error.WriteLine($"{type.Name}: not written, the change breaks subscribers (docs/events.md: publish a new type beside it):");
            foreach (var line in breaks) Console.Error.WriteLine($"  {line}");
            refused++;
            continue;
        }

        File.WriteAllText(path, ContractSchemas.Text(current));
        Console.WriteLine($"wrote {path}");
    }

    return refused == 0 ? 0 : 1;
}
