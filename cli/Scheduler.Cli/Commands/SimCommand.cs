using System.CommandLine;
using System.Globalization;
using Scheduler.Cli.Simulation;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched sim</c>: the master's allocation loop with simulated agents and frameworks, in one process.</summary>
public static class SimCommand
{
    public static Command Create()
    {
        var agents = new Option<int>("--agents") { Description = "Simulated agents (cpus:2;mem:1024;disk:4096;ports:[31000-32000] each)", DefaultValueFactory = _ => 1000 };
        var frameworks = new Option<int>("--frameworks") { Description = "Simulated frameworks", DefaultValueFactory = _ => 100 };
        var seconds = new Option<int>("--seconds") { Description = "Simulated seconds to run, one allocation cycle each", DefaultValueFactory = _ => 30 };
        var taskSeconds = new Option<int>("--task-seconds") { Description = "How long each task runs, in simulated seconds", DefaultValueFactory = _ => 10 };
        var tasksPerFramework = new Option<int>("--tasks-per-framework") { Description = "Tasks each framework wants running at once", DefaultValueFactory = _ => 20 };
        var command = new Command("sim", "Simulate the master's allocation loop at scale, in process")
        {
            agents, frameworks, seconds, taskSeconds, tasksPerFramework,
        };
        command.SetAction(parse =>
        {
            var settings = new SimulationSettings(
                parse.GetValue(agents), parse.GetValue(frameworks), parse.GetValue(seconds),
                parse.GetValue(taskSeconds), parse.GetValue(tasksPerFramework));
            if (settings.Agents < 1 || settings.Frameworks < 1 || settings.Seconds < 1 || settings.TaskSeconds < 1 || settings.TasksPerFramework < 0)
                return CliErrors.Fail("--agents, --frameworks, --seconds and --task-seconds must be positive");
            AnsiConsole.MarkupLine($"Simulating {settings.Agents} agents and {settings.Frameworks} frameworks for {settings.Seconds} s…");
            var report = new ClusterSimulation(settings).Run();
            AnsiConsole.Write(ToTable(report));
            return 0;
        });
        return command;
    }

    private static Table ToTable(SimulationReport report)
    {
        var table = new Table().RoundedBorder().AddColumns("MEASURE", "VALUE");
        table.AddRow("agents / frameworks", $"{report.Settings.Agents} / {report.Settings.Frameworks}");
        table.AddRow("simulated seconds", Number(report.Settings.Seconds));
        table.AddRow("offers / s", Number(report.OffersPerSecond));
        table.AddRow("offers declined", Number(report.OffersDeclined));
        table.AddRow("tasks launched / s", Number(report.TasksLaunchedPerSecond));
        table.AddRow("tasks finished", Number(report.TasksFinished));
        table.AddRow("frameworks never offered", Number(report.FrameworksNeverOffered));
        table.AddRow("median allocation cycle (ms)", Number(report.MedianCycle.TotalMilliseconds));
        table.AddRow("slowest allocation cycle (ms)", Number(report.SlowestCycle.TotalMilliseconds));
        table.AddRow("managed memory (MB)", Number(report.ManagedBytes / 1048576.0));
        table.AddRow("working set (MB)", Number(report.WorkingSetBytes / 1048576.0));
        table.AddRow("setup / total wall time (s)", $"{Number(report.SetupTime.TotalSeconds)} / {Number(report.WallTime.TotalSeconds)}");
        return table;
    }

    private static string Number(double value) => value.ToString(value >= 100 || value == Math.Floor(value) ? "N0" : "N1", CultureInfo.InvariantCulture);
}
