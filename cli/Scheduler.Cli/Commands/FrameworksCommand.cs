using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Scheduler.Cli.Hosting;
using Scheduler.Cli.Status;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>sched frameworks</c>: subscribed and recently removed frameworks with their roles, what their tasks use, their
/// dominant share and their offer counters.
/// </summary>
public static class FrameworksCommand
{
    public static Command Create()
    {
        var master = MasterOption.Create();
        var all = new Option<bool>("--all") { Description = "Also list frameworks that were removed" };
        var output = OutputOption.Create();
        var command = new Command("frameworks", "List frameworks, their roles, resources and share, and why they get what they get") { master, all, output };
        command.SetAction(async (parse, cancel) =>
        {
            if (!MasterAddress.TryParse(parse.GetValue(master)!, out var uri, out var error)) return CliErrors.Fail(error);
            JsonObject state;
            try { state = await StateClient.GetAsync(uri, cancel); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return CliErrors.Fail($"cannot reach the master at {uri}: {e.Message}"); }
            var totals = ClusterSummary.FromState(state).Resources;
            var frameworks = state["frameworks"]!.AsArray().OfType<JsonObject>();
            if (parse.GetValue(all)) frameworks = frameworks.Concat(state["completed_frameworks"]!.AsArray().OfType<JsonObject>());
            if (parse.GetValue(output) == OutputOption.Json)
            {
                JsonOutput.Write(new JsonArray(frameworks.Select(framework => (JsonNode)Record(framework, totals)).ToArray()));
                return 0;
            }
            var table = new Table().SimpleBorder()
                .AddColumns("ID", "NAME", "ROLES", "TASKS", "CPUS", "MEM (MB)", "SHARE", "OFFERS", "DECLINED", "WAITING BECAUSE");
            foreach (var framework in frameworks)
            {
                var used = framework["used_resources"]!.AsObject();
                var stats = framework["offer_stats"]?.AsObject();
                var name = AgentsCommand.Text(framework["name"]);
                if (framework["connected"]?.GetValue<bool>() != true) name += "\n[grey](disconnected)[/]";
                table.AddRow(AgentsCommand.Text(framework["id"]), name, Markup.Escape(string.Join(",\n", Roles(framework))),
                    framework["tasks"]!.AsArray().Count.ToString(CultureInfo.InvariantCulture),
                    AgentsCommand.Text(used["cpus"]), AgentsCommand.Text(used["mem"]),
                    DominantShare(framework, totals).ToString("0.#%", CultureInfo.InvariantCulture),
                    AgentsCommand.Text(stats?["offers_made"]), AgentsCommand.Text(stats?["offers_declined"]),
                    AgentsCommand.Text(stats?["no_offer_reason"]));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>The table's columns as a JSON record.</summary>
    internal static JsonObject Record(JsonObject framework, IReadOnlyList<ResourceUsage> totals) => new()
    {
        ["id"] = JsonOutput.Copy(framework["id"]),
        ["name"] = JsonOutput.Copy(framework["name"]),
        ["connected"] = framework["connected"]?.GetValue<bool>() == true,
        ["roles"] = new JsonArray(Roles(framework).Select(role => (JsonNode?)JsonValue.Create(role)).ToArray()),
        ["tasks"] = framework["tasks"]!.AsArray().Count,
        ["used_resources"] = JsonOutput.Copy(framework["used_resources"]),
        ["dominant_share"] = DominantShare(framework, totals),
        ["offer_stats"] = JsonOutput.Copy(framework["offer_stats"]),
    };

    /// <summary>Every role of a multi-role framework, else its one role.</summary>
    internal static IReadOnlyList<string> Roles(JsonObject framework)
    {
        var roles = framework["roles"]?.AsArray().Select(role => role?.ToString()).OfType<string>().ToList() ?? [];
        return roles.Count > 0 ? roles : [framework["role"]?.ToString() ?? "*"];
    }

    /// <summary>
    /// The largest fraction of the cluster's cpus, memory or disk that the framework holds in tasks and offers,
    /// the share DRF orders it by (before role weights).
    /// </summary>
    internal static double DominantShare(JsonObject framework, IReadOnlyList<ResourceUsage> totals) =>
        totals
            .Where(total => total.Total > 0)
            .Select(total => (framework["resources"]?[total.Name]?.GetValue<double>() ?? 0) / total.Total)
            .DefaultIfEmpty(0)
            .Max();
}
