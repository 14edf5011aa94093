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
        var output = OutputOption.Create();
        var command = new Command("agents", "List the cluster's agents") { master, output };
        command.SetAction(async (parse, cancel) =>
        {
            if (!MasterAddress.TryParse(parse.GetValue(master)!, out var uri, out var error)) return CliErrors.Fail(error);
            JsonObject state;
            try { state = await StateClient.GetAsync(uri, cancel); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return CliErrors.Fail($"cannot reach the master at {uri}: {e.Message}"); }
            if (parse.GetValue(output) == OutputOption.Json)
            {
                JsonOutput.Write(Records(state));
                return 0;
            }
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

    /// <summary>Every agent the master knows, registered, unreachable or gone: the table's columns as JSON records.</summary>
    internal static JsonArray Records(JsonObject state)
    {
        var records = new JsonArray();
        foreach (var agent in state["slaves"]!.AsArray().OfType<JsonObject>())
            records.Add(Record(agent, State(agent), agent["registered_time"]));
        foreach (var agent in state["unreachable_slaves"]?.AsArray().OfType<JsonObject>() ?? [])
            records.Add(Record(agent, "unreachable", agent["unreachable_time"]));
        foreach (var agent in state["gone_slaves"]?.AsArray().OfType<JsonObject>() ?? [])
            records.Add(Record(agent, "gone", agent["gone_time"]));
        return records;
    }

    private static JsonObject Record(JsonObject agent, string state, JsonNode? since) => new()
    {
        ["id"] = JsonOutput.Copy(agent["id"]),
        ["hostname"] = JsonOutput.Copy(agent["hostname"]),
        ["state"] = state,
        ["since"] = since is null ? null : Timestamp(since).ToString("O"),
        ["resources"] = JsonOutput.Copy(agent["resources"]),
        ["used_resources"] = JsonOutput.Copy(agent["used_resources"]),
    };

    /// <summary>Disconnected, or else draining, drained or deactivated by an operator, or else active.</summary>
    private static string State(JsonObject agent)
    {
        if (!(agent["active"]?.GetValue<bool>() ?? false)) return "disconnected";
        if (agent["drain_info"]?["state"]?.ToString() is { } drain) return drain.ToLowerInvariant();
        return agent["deactivated"]?.GetValue<bool>() == true ? "deactivated" : "active";
    }

    internal static string Text(JsonNode? node) => Markup.Escape(node?.ToString() ?? "");

    /// <summary>Seconds since the epoch as local time, to the second.</summary>
    private static string Since(JsonNode? seconds) => seconds is null ? "" : Timestamp(seconds).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss");

    private static DateTimeOffset Timestamp(JsonNode seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds.GetValue<double>() * 1000));
}
