using System.Diagnostics;
using System.Text.Json;

namespace OpenAccess.Fitting.Benchmarks;

/// <summary>tools/fitting/benchmark_scipy.py on the same series, in a subprocess; its own timers (wall and process CPU) cover the fits only.</summary>
public static class ScipyRun
{
    public sealed record Result(double Seconds, double CpuSeconds, double?[] RSquared);

    public static Result Fit(IReadOnlyList<int[]> series, double m, string script)
    {
        var input = Path.GetTempFileName();
        var output = Path.GetTempFileName();
        try
        {
            File.WriteAllText(input, JsonSerializer.Serialize(new { m, series }));
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true };
            // One thread, like the C# side: no BLAS thread pool.
            foreach (var variable in new[] { "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS" })
                start.Environment[variable] = "1";
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
