using System.Diagnostics;
using System.Text.Json;

namespace OpenAccess.Fitting.Benchmarks;

/// <summary>tools/fitting/benchmark_scipy.py on the same series, in a subprocess; its own timer covers the fits only.</summary>
public static class ScipyRun
{
    public sealed record Result(double Seconds, double?[] RSquared);

    public static Result Fit(IReadOnlyList<int[]> series, double m, string script)
    {
        var input = Path.GetTempFileName();
        var output = Path.GetTempFileName();
        try
        {
            File.WriteAllText(input, JsonSerializer.Serialize(new { m, series }));
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true };
            foreach (var arg in new[] { script, input, output })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {error}");
            return JsonSerializer.Deserialize<Result>(File.ReadAllText(output), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }
}
