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
        var output = OutputOption.Create();
        var command = new Command("tasks", "List tasks, running and completed") { master, stateFilter, output };
        command.SetAction(async (parse, cancel) =>
        {
            if (!MasterAddress.TryParse(parse.GetValue(master)!, out var uri, out var error)) return CliErrors.Fail(error);
            JsonObject state;
            try { state = await StateClient.GetAsync(uri, cancel); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return CliErrors.Fail($"cannot reach the master at {uri}: {e.Message}"); }
            var tasks = Records(state, parse.GetValue(stateFilter));
            if (parse.GetValue(output) == OutputOption.Json)
            {
                JsonOutput.Write(new JsonArray(tasks.Select(task => (JsonNode)task).ToArray()));
                return 0;
            }
            var table = new Table().RoundedBorder().AddColumns("ID", "NAME", "FRAMEWORK", "AGENT", "STATE", "CPUS", "MEM (MB)", "MESSAGE");
            foreach (var task in tasks)
            {
                table.AddRow(AgentsCommand.Text(task["id"]), AgentsCommand.Text(task["name"]),
                    AgentsCommand.Text(task["framework"]), AgentsCommand.Text(task["agent_id"]),
                    StateMarkup(task["state"]?.ToString() ?? ""), AgentsCommand.Text(task["resources"]?["cpus"]),
                    AgentsCommand.Text(task["resources"]?["mem"]), AgentsCommand.Text(task["message"]));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>The tasks of every framework, running and completed, in one state if asked: the table's columns as JSON records.</summary>
    internal static List<JsonObject> Records(JsonObject state, string? stateFilter)
    {
        var wanted = stateFilter is null
            ? null
            : (stateFilter.StartsWith("TASK_", StringComparison.OrdinalIgnoreCase) ? stateFilter : "TASK_" + stateFilter).ToUpperInvariant();
        var records = new List<JsonObject>();
        var frameworks = state["frameworks"]!.AsArray().Concat(state["completed_frameworks"]!.AsArray()).OfType<JsonObject>();
        foreach (var framework in frameworks)
        {
            var tasks = framework["tasks"]!.AsArray().Concat(framework["completed_tasks"]!.AsArray()).OfType<JsonObject>();
            foreach (var task in tasks.Where(t => wanted is null || t["state"]?.ToString() == wanted))
            {
                records.Add(new JsonObject
                {
                    ["id"] = JsonOutput.Copy(task["id"]),
                    ["name"] = JsonOutput.Copy(task["name"]),
                    ["framework_id"] = JsonOutput.Copy(framework["id"]),
                    ["framework"] = JsonOutput.Copy(framework["name"]),
                    ["agent_id"] = JsonOutput.Copy(task["slave_id"]),
                    ["state"] = JsonOutput.Copy(task["state"]),
                    ["resources"] = JsonOutput.Copy(task["resources"]),
                    ["message"] = JsonOutput.Copy(task["statuses"]!.AsArray().OfType<JsonObject>().LastOrDefault()?["message"]),
                });
            }
        }
        return records;
    }

    private static string StateMarkup(string state) => state switch
    {
        "TASK_FINISHED" => $"[green]{state}[/]",
        "TASK_RUNNING" or "TASK_STARTING" or "TASK_STAGING" => $"[blue]{state}[/]",
        "TASK_FAILED" or "TASK_ERROR" or "TASK_LOST" or "TASK_DROPPED" => $"[red]{state}[/]",
        _ => $"[yellow]{Markup.Escape(state)}[/]",
    };
}
