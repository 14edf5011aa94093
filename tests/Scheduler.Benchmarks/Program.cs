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
        var (wall, processor) = CycleTime.Medians(new DeclineOffersBenchmark(agents, frameworks).Run(cycles));
        Console.WriteLine(Invariant($"processor agents={agents} frameworks={frameworks} cycle_cpu_ms={processor:F1}"));
        Console.WriteLine(ResultLine(agents, frameworks, wall));
        return 0;
    }

    case "grid":
    {
        var rows = RunGrid();
        var csv = options.GetText("csv");
        if (csv is not null)
        {
            GridCsv.Write(csv, rows);
            Console.WriteLine($"wrote {csv}");
        }

        return 0;
    }

    case "plot":
    {
        var csv = options.GetText("csv");
        var rows = csv is null ? RunGrid() : GridCsv.Read(csv);
        var output = options.GetText("out") ?? "docs/images/allocator-cycle.png";
        CycleTimePlot.SavePng(rows, output, options.Get("width", 800), options.Get("height", 500));
        Console.WriteLine($"wrote {output}");
        return 0;
    }

    case "multi-framework":
    {
        var refuseSeconds = options.Get("refuse-seconds", 0);
        var benchmark = new MultiFrameworkBenchmark(
            options.Get("agents", 80),
            MultiFrameworkBenchmark.MesosProfiles,
            refuseSeconds > 0 ? TimeSpan.FromSeconds(refuseSeconds) : null,
            options.Get("stall-cycles", 50),
            suppressWhenDone: options.Get("suppress-when-done", 1) != 0);
        var result = benchmark.Run(Console.WriteLine);
        var (wall, processor) = CycleTime.Medians(result.AllocationCycles);
        var allocationTotal = result.AllocationCycles.Aggregate(default(CycleTime), (sum, time) => sum + time);
        Console.WriteLine(Invariant($"capacity {result.ClusterCapacity}; placed {result.Placed}"));
        Console.WriteLine("left unplaced: " + string.Join(", ", result.UnplacedByProfile.Select(pair => $"{pair.Key} {pair.Value}")));
        Console.WriteLine(Invariant(
            $"median cycle_ms={wall:F1} cycle_cpu_ms={processor:F1} offers_per_cycle={result.OffersPerCycle.Order().ElementAt(result.Cycles / 2)}; ") + Invariant(
            $"allocation in all {allocationTotal.Wall.TotalMilliseconds:F0} ms ({allocationTotal.Processor.TotalMilliseconds:F0} ms processor); ") + Invariant(
            $"total_cpu_ms={result.Total.Processor.TotalMilliseconds:F0}"));
        Console.WriteLine(Invariant(
            $"multi-framework agents={result.Agents} frameworks={result.Frameworks} placed={result.TasksPlaced}/{result.TasksWanted} ") + Invariant(
            $"cycles={result.Cycles} total_ms={result.Total.Wall.TotalMilliseconds:F0}"));
        return result.TasksPlaced == result.TasksWanted ? 0 : 1;
    }

    case "quota":
    {
        var benchmark = new QuotaBenchmark(options.Get("small-roles", 2_500), options.Get("large-roles", 500));
        var result = benchmark.Run(cycles);
        var (wall, processor) = CycleTime.Medians(result.DeclineCycles);
        Console.WriteLine(Invariant(
            $"first cycle: {result.FirstCycleOffers} offers in {result.FirstCycle.Wall.TotalMilliseconds:F1} ms ") + Invariant(
            $"({result.FirstCycle.Processor.TotalMilliseconds:F1} ms processor)"));
        Console.WriteLine(Invariant(
            $"second cycle: {result.SecondCycleOffers} offers in {result.SecondCycle.Wall.TotalMilliseconds:F1} ms ") + Invariant(
            $"({result.SecondCycle.Processor.TotalMilliseconds:F1} ms processor)"));
        Console.WriteLine(Invariant($"processor agents={result.Agents} roles={result.Roles} cycle_cpu_ms={processor:F1}"));
        Console.WriteLine(Invariant($"quota agents={result.Agents} roles={result.Roles} cycle_ms={wall:F1}"));
        return 0;
    }

    case "docker":
        return await DockerBenchmarkCommand.RunAsync(options.Get("containers", 100), Console.Out);

    case "tasks":
        return await TasksBenchmarkCommand.RunAsync(options.Get("tasks", 1_000), options.GetText("work-dir"), Console.Out);

    case "batch":
        return await BatchBenchmarkCommand.RunAsync(options, Console.Out);

    case "failover":
        return await FailoverBenchmarkCommand.RunAsync(
            options.Get("agents", 10_000), options.Get("tasks-per-agent", 10), options.GetText("work-dir"), Console.Out);

    case "fuzz":
        return FuzzBenchmarkCommand.Run(options.Get("seconds", 600), options.GetText("seed") is { } seed ? int.Parse(seed, CultureInfo.InvariantCulture) : null, Console.Out);

    default:
        Console.Error.WriteLine(
            "usage: allocator [--agents N] [--frameworks M] [--cycles C]\n" +
            "     | grid [--agents N,N,...] [--frameworks M,M,...] [--cycles C] [--csv FILE]\n" +
            "     | plot [--csv FILE] [--out PNG] [--width W] [--height H]   (without --csv: runs the grid first)\n" +
            "     | multi-framework [--agents N] [--refuse-seconds S] [--stall-cycles C] [--suppress-when-done 0|1]\n" +
            "     | quota [--small-roles N] [--large-roles M] [--cycles C]\n" +
            "     | docker [--containers N]\n" +
            "     | tasks [--tasks N] [--work-dir DIR]   (as root: N small tasks launched on and destroyed by one agent)\n" +
            "     | batch [--tasks N] [--work-dir DIR] [--csv FILE] [--out PNG]   (as root, from the repository root: a job of N tasks on ./sched dev)\n" +
            "     | failover [--agents N] [--tasks-per-agent T] [--work-dir DIR]   (N simulated agents re-register after a master failover)\n" +
            "     | fuzz [--seconds S] [--seed N]   (the call decoders and the master's ACCEPT handling, S seconds in all)");
        return 2;
}

List<GridMeasurement> RunGrid()
{
    var agentCounts = options.GetList("agents", [1_000, 5_000, 10_000, 20_000]);
    var frameworkCounts = options.GetList("frameworks", [100, 500, 1_000, 2_000]);
    var rows = new List<GridMeasurement>();
    foreach (var agents in agentCounts)
    {
        foreach (var frameworks in frameworkCounts)
        {
            var (wall, processor) = CycleTime.Medians(new DeclineOffersBenchmark(agents, frameworks).Run(cycles));
            rows.Add(new GridMeasurement(agents, frameworks, wall, processor));
            Console.WriteLine(ResultLine(agents, frameworks, wall) + Invariant($" cycle_cpu_ms={processor:F1}"));
        }
    }

    PrintTable("wall-clock ms per cycle", row => row.WallMs);
    PrintTable("processor ms per cycle", row => row.ProcessorMs);
    return rows;

    void PrintTable(string title, Func<GridMeasurement, double> value)
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

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static string ResultLine(int agents, int frameworks, double cycleMs) =>
    Invariant($"allocator agents={agents} frameworks={frameworks} cycle_ms={cycleMs:F1}");
