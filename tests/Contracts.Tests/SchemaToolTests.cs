using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenAccess.ServiceDefaults.Events;

namespace OpenAccess.Contracts.Tests;

/// <summary>The regeneration command of docs/events.md writes additive changes and refuses breaking ones.</summary>
public sealed class SchemaToolTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-schemas-").FullName;

    [Fact]
    public void The_tool_writes_every_schema_into_an_empty_folder()
    {
        var (exit, _, error) = RunTool("schemas", folder);
        Assert.True(exit == 0, error);
        foreach (var type in ContractSchemas.Events)
        {
            Assert.Equal(ContractSchemas.Text(ContractSchemas.For(type)), File.ReadAllText(Path.Combine(folder, $"{type.Name}.json")));
        }
    }

    [Fact]
    public void The_tool_updates_a_schema_the_contract_only_added_to_and_refuses_one_it_broke()
    {
        // As if the committed schemas were older: ModelDiscovered had no "likes" yet (the contract added it: compatible),
        // and AccessProfileUpdated's gated was a string (the contract changed its type: breaking).
        var older = ContractSchemas.For(typeof(ModelDiscovered));
        older["properties"]!.AsObject().Remove("likes");
        File.WriteAllText(Path.Combine(folder, "ModelDiscovered.json"), ContractSchemas.Text(older));
        var broken = ContractSchemas.For(typeof(AccessProfileUpdated));
        broken["properties"]!["gated"]!["type"] = "string";
        var brokenText = ContractSchemas.Text(broken);
        File.WriteAllText(Path.Combine(folder, "AccessProfileUpdated.json"), brokenText);

        var (exit, _, error) = RunTool("schemas", folder);

        Assert.Equal(1, exit);
        Assert.Contains("AccessProfileUpdated: not written", error);
        Assert.Contains("$.gated: type changed from string to boolean", error);
        Assert.Equal(brokenText, File.ReadAllText(Path.Combine(folder, "AccessProfileUpdated.json")));
        Assert.Equal(ContractSchemas.Text(ContractSchemas.For(typeof(ModelDiscovered))), File.ReadAllText(Path.Combine(folder, "ModelDiscovered.json")));
    }

    static (int Exit, string Output, string Error) RunTool(params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EventContracts.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("EventContracts did not finish within 2 minutes.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
