using System.Globalization;

namespace Scheduler.Benchmarks;

/// <summary>
/// <c>batch [--tasks N] [--work-dir DIR] [--csv FILE] [--out PNG]</c>: runs <see cref="BatchThroughputBenchmark"/> from the
/// repository root (as root: <c>sched dev</c> makes cgroups), prints the figures, writes the samples as a CSV and the
/// completion plot. The last line is <c>batch tasks=N all_finished_s=… tasks_per_s=…</c>.
/// </summary>
public static class BatchBenchmarkCommand
{
    public static async Task<int> RunAsync(CommandLineOptions options, TextWriter output)
    {
        var tasks = options.Get("tasks", 10_000);
        var repository = Path.GetFullPath(options.GetText("repository") ?? ".");
        if (!File.Exists(Path.Combine(repository, "sched")))
        {
            await output.WriteLineAsync($"No ./sched in {repository}: run the benchmark from the repository root or give --repository.");
            return 2;
        }
        var workDirectory = options.GetText("work-dir") ?? Path.Combine(Path.GetTempPath(), $"batch-benchmark-{Guid.NewGuid():N}");
        var csv = options.GetText("csv") ?? "docs/images/batch-throughput.csv";
        var png = options.GetText("out") ?? "docs/images/batch-throughput.png";
        await output.WriteLineAsync($"load average before: {LoadAverage()}");

        var result = await new BatchThroughputBenchmark(tasks, repository, workDirectory).RunAsync(output);

        BatchThroughputPlot.WriteCsv(result.Samples, csv);
        BatchThroughputPlot.SavePng(result, png);
        await output.WriteLineAsync($"wrote {csv} and {png}");
        await output.WriteLineAsync($"load average after: {LoadAverage()}");
        await output.WriteLineAsync(Invariant($"job {result.JobState}; submit command {result.Submit.TotalSeconds:F2} s; sched dev used {result.DevProcessorTime.TotalSeconds:F1} s of processor time"));
        await output.WriteLineAsync(Invariant($"queue time (submit to launch) p50 {Percentile(result.QueueTimes, 0.5):F2} s, p99 {Percentile(result.QueueTimes, 0.99):F2} s, max {Percentile(result.QueueTimes, 1):F2} s"));
        await output.WriteLineAsync(Invariant($"run time (launch to end) p50 {Percentile(result.RunTimes, 0.5):F2} s, p99 {Percentile(result.RunTimes, 0.99):F2} s"));
        await output.WriteLineAsync(Invariant(
            $"batch tasks={result.Tasks} all_finished_s={result.AllEnded.TotalSeconds:F2} tasks_per_s={result.Tasks / result.AllEnded.TotalSeconds:F1}"));
        try { Directory.Delete(workDirectory, recursive: true); }
        catch (IOException) { await output.WriteLineAsync($"left {workDirectory} behind"); }
        return result.JobState == "finished" ? 0 : 1;
    }

    private static double Percentile(IReadOnlyList<TimeSpan> values, double fraction)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)].TotalSeconds;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
