using System.Globalization;
using ScottPlot;

namespace Scheduler.Benchmarks;

/// <summary>The batch benchmark's samples as a CSV and as a plot of finished (and running) tasks over time.</summary>
public static class BatchThroughputPlot
{
    public static void WriteCsv(IReadOnlyList<BatchProgressSample> samples, string path)
    {
        CreateDirectoryOf(path);
        using var writer = new StreamWriter(path);
        writer.WriteLine("seconds,pending,staging,running,finished,failed");
        foreach (var sample in samples)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sample.Seconds:F2},{sample.Pending},{sample.Staging},{sample.Running},{sample.Finished},{sample.Failed}"));
    }

    public static void SavePng(BatchThroughputResult result, string path, int width = 800, int height = 500)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var seconds = result.Samples.Select(sample => sample.Seconds).ToArray();

        var finished = plot.Add.Scatter(seconds, result.Samples.Select(sample => (double)sample.Finished).ToArray(), palette.GetColor(0));
        finished.LegendText = "finished";
        finished.LineWidth = 2;
        finished.MarkerSize = 0;

        var running = plot.Add.Scatter(seconds, result.Samples.Select(sample => (double)(sample.Running + sample.Staging)).ToArray(), palette.GetColor(1));
        running.LegendText = "staging or running";
        running.LineWidth = 1;
        running.MarkerSize = 0;

        var rate = result.Tasks / result.AllEnded.TotalSeconds;
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"Batch job of {result.Tasks:N0} tasks of 'true' on sched dev: {result.AllEnded.TotalSeconds:F1} s, {rate:F0} tasks/s"));
        plot.XLabel("seconds since submit");
        plot.YLabel("tasks");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.SetLimits(0, Math.Max(seconds.LastOrDefault(), 1) * 1.02, 0, result.Tasks * 1.05);
        CreateDirectoryOf(path);
        plot.SavePng(path, width, height);
    }

    private static void CreateDirectoryOf(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
    }
}
