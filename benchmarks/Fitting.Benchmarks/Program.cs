using System.Diagnostics;
using OpenAccess.Fitting.Benchmarks;
using OpenAccess.Fitting.Domain;

// Fits per second of WsbFitter against scipy's curve_fit on the same realistic series, one thread each.
// Usage: dotnet run -c Release --project benchmarks/Fitting.Benchmarks -- [series=10000] [scipyEvery=40] [bracketSeconds=5]
// scipy fits one series in about 0.1–0.5 s here, so by default it fits every 40th series (250 of
// 10,000); scipyEvery=1 gives it all of them (hours). The machine is shared, so the C# fits of the
// scipy sample are repeated for bracketSeconds before and again after the scipy run (the rates then
// see the same load), and both sides report process CPU time as well as wall time.
var count = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var scipyEvery = args.Length > 1 ? int.Parse(args[1]) : 40;
var bracketSeconds = args.Length > 2 ? double.Parse(args[2]) : 5;
const double M = 10;
var script = Path.GetFullPath(Path.Combine(FindRepository(), "tools", "fitting", "benchmark_scipy.py"));

var series = RealisticSeries.Generate(count, M, seed: 20250421);
var sample = series.Where((_, i) => i % scipyEvery == 0).ToList();
var fitter = new WsbFitter();
fitter.Fit(RealisticSeries.Observations(series[0]), M); // JIT and MathNet warm-up

var all = FitAll(series);
var before = FitRepeatedly(sample, bracketSeconds);
var scipy = ScipyRun.Fit(sample, M, script);
var after = FitRepeatedly(sample, bracketSeconds);
var csharpR2 = before.RSquared;

var compared = csharpR2.Zip(scipy.RSquared).Where(p => p.First is not null && p.Second is not null).Select(p => (CSharp: p.First!.Value, Scipy: p.Second!.Value)).ToList();
var equalOrBetter = compared.Count(p => p.CSharp >= p.Scipy - 1e-6);
var sampleFits = (before.Passes + after.Passes) * sample.Count;
var csharpRate = sampleFits / (before.Seconds + after.Seconds);
var csharpCpuRate = sampleFits / (before.CpuSeconds + after.CpuSeconds);
var scipyRate = sample.Count / scipy.Seconds;
var scipyCpuRate = sample.Count / scipy.CpuSeconds;
Console.WriteLine($"series: {count} realistic (m = {M}, 8–36 months, Poisson); scipy on every {scipyEvery}th: {sample.Count}");
Console.WriteLine($"C# WsbFitter, all {count}:         {count / all.Seconds,10:0.0} fits/s wall ({all.Seconds:0.0} s), {count / all.CpuSeconds,10:0.0} fits/s CPU");
Console.WriteLine($"C# WsbFitter, the {sample.Count} of scipy: {csharpRate,10:0.0} fits/s wall, {csharpCpuRate,10:0.0} fits/s CPU " +
    $"({before.Passes} passes before scipy, {after.Passes} after: {before.Seconds + after.Seconds:0.0} s)");
Console.WriteLine($"scipy curve_fit, the same {sample.Count}: {scipyRate,10:0.0} fits/s wall, {scipyCpuRate,10:0.0} fits/s CPU ({scipy.Seconds:0.0} s)");
Console.WriteLine($"speed-up on the same series: {csharpRate / scipyRate:0.0}× wall, {csharpCpuRate / scipyCpuRate:0.0}× CPU");
Console.WriteLine($"R²: fitted by both {compared.Count}; C# equal or better (within 1e-6) on {equalOrBetter}; " +
    $"mean R² C# {compared.Average(p => p.CSharp):0.00000} vs scipy {compared.Average(p => p.Scipy):0.00000}; " +
    $"largest shortfall {compared.Max(p => p.Scipy - p.CSharp):0.0e0}");
Console.WriteLine($"fitted: C# {csharpR2.Count(r => r is not null)} of {sample.Count}, scipy {scipy.RSquared.Count(r => r is not null)} of {sample.Count}");

(double Seconds, double CpuSeconds, double?[] RSquared) FitAll(IReadOnlyList<int[]> batch)
{
    var r2 = new double?[batch.Count];
    var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < batch.Count; i++)
    {
        var fit = fitter.Fit(RealisticSeries.Observations(batch[i]), M);
        r2[i] = fit.IsFitted ? fit.RSquared : null;
    }
    var seconds = clock.Elapsed.TotalSeconds;
    process.Refresh();
    return (seconds, (process.TotalProcessorTime - cpu).TotalSeconds, r2);
}

(int Passes, double Seconds, double CpuSeconds, double?[] RSquared) FitRepeatedly(IReadOnlyList<int[]> batch, double minimumSeconds)
{
    var (passes, seconds, cpuSeconds) = (0, 0.0, 0.0);
    double?[] r2 = [];
    do
    {
        var pass = FitAll(batch);
        (passes, seconds, cpuSeconds, r2) = (passes + 1, seconds + pass.Seconds, cpuSeconds + pass.CpuSeconds, pass.RSquared);
    }
    while (seconds < minimumSeconds);
    return (passes, seconds, cpuSeconds, r2);
}

static string FindRepository()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "OpenAccess.sln")))
            return dir.FullName;
    throw new InvalidOperationException("run from inside the repository: tools/fitting/benchmark_scipy.py is needed");
}
