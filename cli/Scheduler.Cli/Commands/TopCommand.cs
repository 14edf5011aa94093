using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Scheduler.Cli.Hosting;
using Scheduler.Cli.Status;
using Scheduler.Cli.Top;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched top</c>: the cluster's resources and every running task's cpu and memory use, refreshed live.</summary>
public static class TopCommand
{
    public static Command Create()
    {
        var master = MasterOption.Create();
        var interval = new Option<double>("--interval", "-d")
        {
            Description = "Seconds between refreshes",
            DefaultValueFactory = _ => 2,
        };
        var iterations = new Option<int?>("--iterations", "-n")
        {
            Description = "Stop after this many refreshes (default: until Ctrl+C on a terminal, 2 otherwise)",
        };
        var command = new Command("top", "Show resources and each running task's cpu and memory use, live") { master, interval, iterations };
        command.SetAction(async (parse, cancel) =>
        {
            if (!MasterAddress.TryParse(parse.GetValue(master)!, out var uri, out var error)) return CliErrors.Fail(error);
            var seconds = parse.GetValue(interval);
            if (!(seconds >= 0.1 && seconds <= 3600)) return CliErrors.Fail("--interval: must be between 0.1 and 3600 seconds");
            var count = parse.GetValue(iterations);
            if (count is < 1) return CliErrors.Fail("--iterations: must be at least 1");
            var live = AnsiConsole.Profile.Capabilities.Interactive;
            count ??= live ? int.MaxValue : 2;
            return await RunAsync(uri, TimeSpan.FromSeconds(seconds), count.Value, live, cancel);
        });
        return command;
    }

    private static async Task<int> RunAsync(Uri master, TimeSpan interval, int iterations, bool live, CancellationToken cancel)
    {
        using var statistics = new AgentStatisticsClient();
        var table = new TaskUsageTable();
        async Task<IRenderable?> NextFrameAsync()
        {
            JsonObject state;
            try { state = await StateClient.GetAsync(master, cancel); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return null; }
            var (samples, unanswered) = await statistics.ReadAsync(state, cancel);
            return Frame(ClusterSummary.FromState(state), table.Update(samples), unanswered, master);
        }

        var first = await NextFrameAsync();
        if (first is null) return CliErrors.Fail($"cannot reach the master at {master}");
        if (!live)
        {
            AnsiConsole.Write(first);
            for (var i = 1; i < iterations && !cancel.IsCancellationRequested; i++)
            {
                await Task.Delay(interval, cancel);
                AnsiConsole.Write(await NextFrameAsync() ?? new Markup($"[red]cannot reach the master at {Markup.Escape(master.ToString())}[/]\n"));
            }
            return 0;
        }

        try
        {
            await AnsiConsole.Live(first).StartAsync(async context =>
            {
                for (var i = 1; i < iterations; i++)
                {
                    await Task.Delay(interval, cancel);
                    context.UpdateTarget(await NextFrameAsync() ?? new Markup($"[red]cannot reach the master at {Markup.Escape(master.ToString())}, retrying[/]"));
                }
            });
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }

    private static IRenderable Frame(ClusterSummary summary, IReadOnlyList<TaskUsageRow> rows, int unanswered, Uri master)
    {
        var header = new Grid().AddColumn().AddColumn();
        header.AddRow("[bold]Master[/]", Markup.Escape($"{summary.Leader} at {master}, {DateTime.Now:HH:mm:ss}"));
        header.AddRow("[bold]Agents[/]", $"{summary.ActiveAgents} active" + (unanswered > 0 ? $", [yellow]{unanswered} not answering[/]" : ""));
        header.AddRow("[bold]Resources[/]", string.Join("   ", summary.Resources.Select(r =>
            $"{r.Name} {Number(r.Used)}/{Number(r.Total)}{(r.Name is "mem" or "disk" ? " MB" : "")} ({r.UsedFraction.ToString("P0", CultureInfo.InvariantCulture)})")));
        header.AddRow("[bold]Tasks[/]", Markup.Escape(string.Join(", ", summary.TasksByState.Select(p => $"{p.Value} {p.Key}"))));

        var tasks = new Table().RoundedBorder().AddColumns("TASK", "FRAMEWORK", "AGENT", "CPU %", "CPUS", "MEM (MB)", "MEM LIMIT (MB)", "PROCS");
        foreach (var row in rows)
        {
            tasks.AddRow(Markup.Escape(row.TaskId), Markup.Escape(row.FrameworkId), Markup.Escape(row.AgentId),
                row.CpuPercent is { } cpu ? cpu.ToString("0.0", CultureInfo.InvariantCulture) : "-",
                Optional(row.CpusLimit), Optional(row.MemoryMb), Optional(row.MemoryLimitMb),
                row.Processes?.ToString(CultureInfo.InvariantCulture) ?? "-");
        }
        if (rows.Count == 0) tasks.AddRow("[grey]no running tasks[/]", "", "", "", "", "", "", "");
        return new Rows(new Panel(header).Header("sched top").RoundedBorder(), tasks);
    }

    private static string Optional(double? value) => value is { } v ? Number(v) : "-";

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
