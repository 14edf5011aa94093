using System.CommandLine;
using System.Text.Json.Nodes;
using Scheduler.Cli.Hosting;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched agents</c>: the agents a master knows, with their resources, and whether and since when each is active, draining, deactivated, unreachable or gone.</summary>
public static class AgentsCommand
{
    public static Command Create()
    {
        var master = MasterOption.Create();
        var command = new Command("agents", "List the cluster's agents") { master };
        command.SetAction(async (parse, cancel) =>
        {
            if (!MasterAddress.TryParse(parse.GetValue(master)!, out var uri, out var error)) return CliErrors.Fail(error);
            JsonObject state;
            try { state = await StateClient.GetAsync(uri, cancel); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return CliErrors.Fail($"cannot reach the master at {uri}: {e.Message}"); }
            var table = new Table().RoundedBorder().AddColumns("ID", "HOSTNAME", "STATE", "SINCE", "CPUS", "MEM (MB)", "DISK (MB)", "PORTS", "USED CPUS", "USED MEM");
            foreach (var agent in state["slaves"]!.AsArray().OfType<JsonObject>())
            {
                var resources = agent["resources"]!.AsObject();
                var used = agent["used_resources"]!.AsObject();
                table.AddRow(Text(agent["id"]), Text(agent["hostname"]), State(agent), Since(agent["registered_time"]),
                    Text(resources["cpus"]), Text(resources["mem"]), Text(resources["disk"]), Text(resources["ports"]),
                    Text(used["cpus"]), Text(used["mem"]));
            }
            foreach (var agent in state["unreachable_slaves"]?.AsArray().OfType<JsonObject>() ?? [])
                table.AddRow(Text(agent["id"]), Text(agent["hostname"]), "unreachable", Since(agent["unreachable_time"]), "", "", "", "", "", "");
            foreach (var agent in state["gone_slaves"]?.AsArray().OfType<JsonObject>() ?? [])
                table.AddRow(Text(agent["id"]), Text(agent["hostname"]), "gone", Since(agent["gone_time"]), "", "", "", "", "", "");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>Disconnected, or else draining, drained or deactivated by an operator, or else active.</summary>
    private static string State(JsonObject agent)
    {
        if (!(agent["active"]?.GetValue<bool>() ?? false)) return "disconnected";
        if (agent["drain_info"]?["state"]?.ToString() is { } drain) return drain.ToLowerInvariant();
        return agent["deactivated"]?.GetValue<bool>() == true ? "deactivated" : "active";
    }

    internal static string Text(JsonNode? node) => Markup.Escape(node?.ToString() ?? "");

    /// <summary>Seconds since the epoch as local time, to the second.</summary>
    private static string Since(JsonNode? seconds) => seconds is null
        ? ""
        : DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds.GetValue<double>() * 1000)).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss");
}
