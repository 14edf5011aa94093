using System.CommandLine;
using System.Text.Json.Nodes;
using Scheduler.Cli.Hosting;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched tasks</c>: running and completed tasks of every framework.</summary>
public static class TasksCommand
{
    public static Command Create()
    {
        var master = MasterOption.Create();
        var stateFilter = new Option<string?>("--state") { Description = "Only tasks in this state, e.g. TASK_RUNNING or running" };
        var command = new Command("tasks", "List tasks, running and completed") { master, stateFilter };
        command.SetAction(async (parse, cancel) =>
        {
            if (!MasterAddress.TryParse(parse.GetValue(master)!, out var uri, out var error)) return CliErrors.Fail(error);
            JsonObject state;
            try { state = await StateClient.GetAsync(uri, cancel); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return CliErrors.Fail($"cannot reach the master at {uri}: {e.Message}"); }
            var table = new Table().RoundedBorder().AddColumns("ID", "NAME", "FRAMEWORK", "AGENT", "STATE", "CPUS", "MEM (MB)", "MESSAGE");
            var frameworks = state["frameworks"]!.AsArray().Concat(state["completed_frameworks"]!.AsArray()).OfType<JsonObject>();
            foreach (var framework in frameworks)
            {
                var tasks = framework["tasks"]!.AsArray().Concat(framework["completed_tasks"]!.AsArray()).OfType<JsonObject>();
                var wanted = parse.GetValue(stateFilter) is { } filter
                    ? (filter.StartsWith("TASK_", StringComparison.OrdinalIgnoreCase) ? filter : "TASK_" + filter).ToUpperInvariant()
                    : null;
                foreach (var task in tasks.Where(t => wanted is null || t["state"]?.ToString() == wanted))
                {
                    var resources = task["resources"]!.AsObject();
                    var last = task["statuses"]!.AsArray().OfType<JsonObject>().LastOrDefault();
                    table.AddRow(AgentsCommand.Text(task["id"]), AgentsCommand.Text(task["name"]),
                        AgentsCommand.Text(framework["name"]), AgentsCommand.Text(task["slave_id"]),
                        StateMarkup(task["state"]?.ToString() ?? ""), AgentsCommand.Text(resources["cpus"]),
                        AgentsCommand.Text(resources["mem"]), AgentsCommand.Text(last?["message"]));
                }
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static string StateMarkup(string state) => state switch
    {
        "TASK_FINISHED" => $"[green]{state}[/]",
        "TASK_RUNNING" or "TASK_STARTING" or "TASK_STAGING" => $"[blue]{state}[/]",
        "TASK_FAILED" or "TASK_ERROR" or "TASK_LOST" or "TASK_DROPPED" => $"[red]{state}[/]",
        _ => $"[yellow]{Markup.Escape(state)}[/]",
    };
}
