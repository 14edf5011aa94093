using System.CommandLine;
using System.Text.Json.Nodes;
using Scheduler.Cli.Hosting;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched frameworks</c>: subscribed and recently removed frameworks, with their offer counters.</summary>
public static class FrameworksCommand
{
    public static Command Create()
    {
        var master = MasterOption.Create();
        var all = new Option<bool>("--all") { Description = "Also list frameworks that were removed" };
        var command = new Command("frameworks", "List frameworks, their resources and why they get what they get") { master, all };
        command.SetAction(async (parse, cancel) =>
        {
            if (!MasterAddress.TryParse(parse.GetValue(master)!, out var uri, out var error)) return CliErrors.Fail(error);
            JsonObject state;
            try { state = await StateClient.GetAsync(uri, cancel); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return CliErrors.Fail($"cannot reach the master at {uri}: {e.Message}"); }
            var table = new Table().RoundedBorder().AddColumns("ID", "NAME", "ROLE", "CONNECTED", "TASKS", "CPUS", "MEM (MB)", "OFFERS", "DECLINED", "WAITING BECAUSE");
            var frameworks = state["frameworks"]!.AsArray().OfType<JsonObject>();
            if (parse.GetValue(all)) frameworks = frameworks.Concat(state["completed_frameworks"]!.AsArray().OfType<JsonObject>());
            foreach (var framework in frameworks)
            {
                var used = framework["used_resources"]!.AsObject();
                var stats = framework["offer_stats"]?.AsObject();
                table.AddRow(AgentsCommand.Text(framework["id"]), AgentsCommand.Text(framework["name"]), AgentsCommand.Text(framework["role"]),
                    AgentsCommand.Text(framework["connected"]), framework["tasks"]!.AsArray().Count.ToString(),
                    AgentsCommand.Text(used["cpus"]), AgentsCommand.Text(used["mem"]),
                    AgentsCommand.Text(stats?["offers_made"]), AgentsCommand.Text(stats?["offers_declined"]),
                    AgentsCommand.Text(stats?["no_offer_reason"]));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
