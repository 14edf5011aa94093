using ScottPlot;

namespace Scheduler.Benchmarks;

/// <summary>
/// Draws the grid's median cycle time against the number of agents, one colour per framework count:
/// processor time as a solid line, wall-clock time as a dashed one.
/// </summary>
public static class CycleTimePlot
{
    public static void SavePng(IReadOnlyList<GridMeasurement> rows, string path, int width = 800, int height = 500)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var frameworkCounts = rows.Select(row => row.Frameworks).Distinct().Order().ToList();
        for (var i = 0; i < frameworkCounts.Count; i++)
        {
            var series = rows.Where(row => row.Frameworks == frameworkCounts[i]).OrderBy(row => row.Agents).ToList();
            var agents = series.Select(row => (double)row.Agents).ToArray();
            var color = palette.GetColor(i);

            var processor = plot.Add.Scatter(agents, series.Select(row => row.ProcessorMs).ToArray(), color);
            processor.LegendText = $"{frameworkCounts[i]:N0} frameworks, processor";
            processor.LineWidth = 2;
            processor.MarkerSize = 6;

            var wall = plot.Add.Scatter(agents, series.Select(row => row.WallMs).ToArray(), color);
            wall.LegendText = $"{frameworkCounts[i]:N0} frameworks, wall clock";
            wall.LinePattern = LinePattern.Dashed;
            wall.LineWidth = 1;
            wall.MarkerSize = 3;
        }

        plot.Title("Allocation cycle (DeclineOffers), median per size");
        plot.XLabel("agents");
        plot.YLabel("milliseconds per cycle");
        plot.ShowLegend(Alignment.UpperLeft);
        var highest = rows.Max(row => Math.Max(row.WallMs, row.ProcessorMs));
        plot.Axes.SetLimits(0, rows.Max(row => row.Agents) * 1.05, 0, highest * 1.1);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        plot.SavePng(path, width, height);
    }
}
