using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Scheduler.Cli.Apps;

/// <summary>How apps, their instances and deployments look in a terminal.</summary>
public static class ServiceTables
{
    public static Table List(JsonArray apps)
    {
        var table = new Table().RoundedBorder().AddColumns("ID", "INSTANCES", "HEALTHY", "RUNNING", "VERSION", "DEPLOYMENT", "WAITING");
        foreach (var app in apps.OfType<JsonObject>())
            table.AddRow(Text(app["id"]), Text(app["instances"]), Healthy(app), Text(app["tasksRunning"]), Text(app["versionNumber"]),
                app["deployments"]!.AsArray().Count > 0 ? "[blue]in progress[/]" : "", Text(app["waiting"]?["reason"]));
        return table;
    }

    public static Table Status(JsonObject app)
    {
        var table = new Table().RoundedBorder().AddColumns("TASK ID", "STATE", "HEALTH", "HOST", "AGENT", "VERSION", "MESSAGE");
        foreach (var task in app["tasks"]!.AsArray().OfType<JsonObject>())
            table.AddRow(Text(task["id"]), State(task), Health(task), Text(task["host"]), Text(task["agentId"]), Text(task["versionNumber"]), Text(task["message"]));
        table.Caption(string.Join("\n", Summary(app)));
        return table;
    }

    /// <summary>"web: 3 of 3 healthy, version 2", then the deployment's progress and why instances wait, when they do.</summary>
    public static IEnumerable<string> Summary(JsonObject app)
    {
        yield return $"{Markup.Escape(app["id"]!.ToString())}: {Healthy(app)} of {app["instances"]} healthy, version {app["versionNumber"]}" +
                     (app["removing"]?.GetValue<bool>() == true ? ", [yellow]removing[/]" : "");
        if (app["deployment"] is JsonObject deployment)
        {
            var progress = deployment["progress"]!;
            yield return Markup.Escape(FormattableString.Invariant(
                $"deployment {deployment["id"]} ({deployment["kind"]}): {progress["new_healthy"]} of {progress["instances"]} new instances healthy, {progress["old"]} old left; at least {progress["minimum_healthy"]} healthy, at most {progress["maximum_total"]} in all"));
        }
        if (app["waiting"] is JsonObject waiting)
            yield return Markup.Escape($"waiting: {waiting["instances"]} instance{(waiting["instances"]!.GetValue<int>() == 1 ? "" : "s")} — {waiting["reason"]}");
        if (app["lastTaskFailure"]?.ToString() is { Length: > 0 } failure)
            yield return Markup.Escape($"last failure: {failure}");
    }

    private static string Healthy(JsonObject app)
    {
        var healthy = app["tasksHealthy"]?.GetValue<int>() ?? 0;
        var wanted = app["instances"]?.GetValue<int>() ?? 0;
        var text = healthy.ToString(CultureInfo.InvariantCulture);
        return healthy >= wanted ? $"[green]{text}[/]" : $"[yellow]{text}[/]";
    }

    private static string State(JsonObject task)
    {
        var state = task["state"]?.ToString() ?? "";
        var text = Markup.Escape(state.Replace("TASK_", "", StringComparison.Ordinal).ToLowerInvariant());
        if (task["killing"]?.GetValue<bool>() == true) return $"[yellow]{text} (killing)[/]";
        return state == "TASK_RUNNING" ? $"[blue]{text}[/]" : text;
    }

    private static string Health(JsonObject task) => task["healthy"]?.GetValue<bool>() switch
    {
        true => "[green]healthy[/]",
        false => "[red]unhealthy[/]",
        null => "",
    };

    private static string Text(JsonNode? node) => Markup.Escape(node?.ToString() ?? "");
}
