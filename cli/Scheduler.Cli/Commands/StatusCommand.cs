using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Scheduler.Cli.Hosting;
using Scheduler.Cli.Status;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched status</c>: the cluster on one screen — leader, agents, resources, tasks by state, frameworks.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var command = new Command("status", "Show the cluster at a glance: leader, agents, resources, tasks and frameworks") { master, output };
        command.SetAction(async (parse, cancel) =>
        {
            if (!MasterAddress.TryParse(parse.GetValue(master)!, out var uri, out var error)) return CliErrors.Fail(error);
            JsonObject state;
            try { state = await StateClient.GetAsync(uri, cancel); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return CliErrors.Fail($"cannot reach the master at {uri}: {e.Message}"); }
            var summary = ClusterSummary.FromState(state);
            if (parse.GetValue(output) == OutputOption.Json) JsonOutput.Write(summary.ToJson());
            else Render(summary, uri);
            return 0;
        });
        return command;
    }

    private static void Render(ClusterSummary summary, Uri uri)
    {
        var overview = new Grid().AddColumn().AddColumn();
        overview.AddRow("[bold]Leader[/]", Markup.Escape($"{summary.Leader} (version {summary.Version}) at {uri}"));
        overview.AddRow("[bold]Agents[/]", $"{summary.ActiveAgents} active, {summary.InactiveAgents} inactive");
        overview.AddRow("[bold]Frameworks[/]",
            $"{summary.ConnectedFrameworks} connected, {summary.DisconnectedFrameworks} disconnected, {summary.CompletedFrameworks} completed");
        AnsiConsole.Write(new Panel(overview).Header("Cluster").RoundedBorder());

        var resources = new Table().RoundedBorder().Title("Resources")
            .AddColumns("RESOURCE", "TOTAL", "USED", "OFFERED", "IDLE", "USED %");
        foreach (var resource in summary.Resources)
        {
            resources.AddRow(Name(resource.Name), Number(resource.Total), Number(resource.Used), Number(resource.Offered),
                Number(resource.Idle), resource.UsedFraction.ToString("P0", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(resources);

        if (summary.Roles.Count > 0)
        {
            var roles = new Table().RoundedBorder().Title("Roles").AddColumns("ROLE", "WEIGHT", "FRAMEWORKS", "CPUS USED", "MEM USED (MB)", "QUOTA (GUARANTEE / LIMIT)");
            foreach (var role in summary.Roles)
            {
                roles.AddRow(Markup.Escape(role.Name), Number(role.Weight), role.Frameworks.ToString(CultureInfo.InvariantCulture),
                    Number(role.Cpus), Number(role.Mem), Markup.Escape(role.Quota));
            }
            AnsiConsole.Write(roles);
        }

        var tasks = new Table().RoundedBorder().Title("Tasks").AddColumns("STATE", "COUNT");
        if (summary.TasksByState.Count == 0) tasks.AddRow("[grey]none[/]", "0");
        foreach (var (state, count) in summary.TasksByState)
            tasks.AddRow(Markup.Escape(state), count.ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(tasks);
    }

    private static string Name(string resource) => resource is "mem" or "disk" ? $"{resource} (MB)" : resource;

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
