using System.Globalization;

namespace Scheduler.Benchmarks;

/// <summary>Writes and reads the grid's measurements as CSV: <c>agents,frameworks,wall_ms,processor_ms</c>.</summary>
public static class GridCsv
{
    private const string Header = "agents,frameworks,wall_ms,processor_ms";

    public static void Write(string path, IEnumerable<GridMeasurement> rows)
    {
        var lines = rows.Select(row => string.Create(
            CultureInfo.InvariantCulture, $"{row.Agents},{row.Frameworks},{row.WallMs:F1},{row.ProcessorMs:F1}"));
        File.WriteAllLines(path, lines.Prepend(Header));
    }

    public static IReadOnlyList<GridMeasurement> Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(line => line.Length > 0).ToList();
        if (lines.Count == 0 || lines[0] != Header)
        {
            throw new FormatException($"{path} does not start with the header '{Header}'.");
        }

        return lines.Skip(1).Select(Parse).ToList();

        GridMeasurement Parse(string line)
        {
            var cells = line.Split(',');
            if (cells.Length != 4)
            {
                throw new FormatException($"{path}: expected four values in '{line}'.");
            }

            return new GridMeasurement(
                int.Parse(cells[0], CultureInfo.InvariantCulture),
                int.Parse(cells[1], CultureInfo.InvariantCulture),
                double.Parse(cells[2], CultureInfo.InvariantCulture),
                double.Parse(cells[3], CultureInfo.InvariantCulture));
        }
    }
}
