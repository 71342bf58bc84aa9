using System.Diagnostics;
using OpenAccess.Fitting.Benchmarks;
using OpenAccess.Fitting.Domain;

// Fits per second of WsbFitter against scipy's curve_fit on the same realistic series, one thread each.
// Usage: dotnet run -c Release --project benchmarks/Fitting.Benchmarks -- [series=10000] [scipyEvery=40]
// scipy fits one series in about 0.2–0.5 s here, so by default it fits every 40th series (250 of
// 10,000); scipyEvery=1 gives it all of them (hours).
var count = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var scipyEvery = args.Length > 1 ? int.Parse(args[1]) : 40;
const double M = 10;
var script = Path.GetFullPath(Path.Combine(FindRepository(), "tools", "fitting", "benchmark_scipy.py"));

var series = RealisticSeries.Generate(count, M, seed: 20250421);
var sample = series.Where((_, i) => i % scipyEvery == 0).ToList();
var fitter = new WsbFitter();
fitter.Fit(RealisticSeries.Observations(series[0]), M); // JIT and MathNet warm-up

var (allSeconds, _) = FitAll(series);
var (sampleSeconds, csharpR2) = FitAll(sample);
var scipy = ScipyRun.Fit(sample, M, script);

var compared = csharpR2.Zip(scipy.RSquared).Where(p => p.First is not null && p.Second is not null).Select(p => (CSharp: p.First!.Value, Scipy: p.Second!.Value)).ToList();
var equalOrBetter = compared.Count(p => p.CSharp >= p.Scipy - 1e-6);
var csharpRate = sample.Count / sampleSeconds;
var scipyRate = sample.Count / scipy.Seconds;
Console.WriteLine($"series: {count} realistic (m = {M}, 8–36 months, Poisson); scipy on every {scipyEvery}th: {sample.Count}");
Console.WriteLine($"C# WsbFitter, all {count}:         {count / allSeconds,10:0.0} fits/s ({allSeconds:0.0} s)");
Console.WriteLine($"C# WsbFitter, the {sample.Count} of scipy: {csharpRate,10:0.0} fits/s ({sampleSeconds:0.00} s)");
Console.WriteLine($"scipy curve_fit, the same {sample.Count}: {scipyRate,10:0.0} fits/s ({scipy.Seconds:0.0} s)");
Console.WriteLine($"speed-up on the same series: {csharpRate / scipyRate:0.0}×");
Console.WriteLine($"R²: fitted by both {compared.Count}; C# equal or better (within 1e-6) on {equalOrBetter}; " +
    $"mean R² C# {compared.Average(p => p.CSharp):0.00000} vs scipy {compared.Average(p => p.Scipy):0.00000}; " +
    $"largest shortfall {compared.Max(p => p.Scipy - p.CSharp):0.0e0}");
Console.WriteLine($"fitted: C# {csharpR2.Count(r => r is not null)} of {sample.Count}, scipy {scipy.RSquared.Count(r => r is not null)} of {sample.Count}");

(double Seconds, double?[] RSquared) FitAll(IReadOnlyList<int[]> batch)
{
    var r2 = new double?[batch.Count];
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < batch.Count; i++)
    {
        var fit = fitter.Fit(RealisticSeries.Observations(batch[i]), M);
        r2[i] = fit.IsFitted ? fit.RSquared : null;
    }
    return (clock.Elapsed.TotalSeconds, r2);
}

static string FindRepository()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "OpenAccess.sln")))
            return dir.FullName;
    throw new InvalidOperationException("run from inside the repository: tools/fitting/benchmark_scipy.py is needed");
}
