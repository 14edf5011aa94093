using System.Globalization;
using Scheduler.Benchmarks;

var command = args.Length > 0 ? args[0] : "allocator";
var options = CommandLineOptions.Parse(args.Skip(1).ToArray());
var cycles = options.Get("cycles", 7);

switch (command)
{
    case "allocator":
    {
        var agents = options.Get("agents", 10_000);
        var frameworks = options.Get("frameworks", 1_000);
        var (wall, processor) = MeasureMedians(agents, frameworks, cycles);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"processor agents={agents} frameworks={frameworks} cycle_cpu_ms={processor:F1}"));
        Console.WriteLine(ResultLine(agents, frameworks, wall));
        return 0;
    }

    case "grid":
    {
        int[] agentCounts = [1_000, 5_000, 10_000, 20_000];
        int[] frameworkCounts = [100, 500, 1_000, 2_000];
        var rows = new List<(int Agents, int Frameworks, double WallMs, double ProcessorMs)>();
        foreach (var agents in agentCounts)
        {
            foreach (var frameworks in frameworkCounts)
            {
                var (wall, processor) = MeasureMedians(agents, frameworks, cycles);
                rows.Add((agents, frameworks, wall, processor));
                Console.WriteLine(ResultLine(agents, frameworks, wall) + string.Create(CultureInfo.InvariantCulture, $" cycle_cpu_ms={processor:F1}"));
            }
        }

        PrintTable("wall-clock ms per cycle", row => row.WallMs);
        PrintTable("processor ms per cycle", row => row.ProcessorMs);
        return 0;

        void PrintTable(string title, Func<(int Agents, int Frameworks, double WallMs, double ProcessorMs), double> value)
        {
            Console.WriteLine();
            Console.WriteLine($"| agents \\ frameworks ({title}) | " + string.Join(" | ", frameworkCounts) + " |");
            Console.WriteLine("|---" + string.Concat(Enumerable.Repeat("|---:", frameworkCounts.Length)) + "|");
            foreach (var agents in agentCounts)
            {
                var cells = frameworkCounts.Select(frameworks =>
                    value(rows.Single(row => row.Agents == agents && row.Frameworks == frameworks)).ToString("F1", CultureInfo.InvariantCulture));
                Console.WriteLine($"| {agents} | " + string.Join(" | ", cells) + " |");
            }
        }
    }

    case "docker":
        return await DockerBenchmarkCommand.RunAsync(options.Get("containers", 100), Console.Out);

    default:
        Console.Error.WriteLine("usage: allocator [--agents N] [--frameworks M] [--cycles C] | grid [--cycles C] | docker [--containers N]");
        return 2;
}

static (double WallMs, double ProcessorMs) MeasureMedians(int agents, int frameworks, int cycles)
{
    var durations = new DeclineOffersBenchmark(agents, frameworks).Run(cycles);
    return (Median(durations.Select(duration => duration.Wall)), Median(durations.Select(duration => duration.Processor)));

    static double Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Select(value => value.TotalMilliseconds).Order().ToList();
        return sorted[sorted.Count / 2];
    }
}

static string ResultLine(int agents, int frameworks, double cycleMs) =>
    string.Create(CultureInfo.InvariantCulture, $"allocator agents={agents} frameworks={frameworks} cycle_ms={cycleMs:F1}");
