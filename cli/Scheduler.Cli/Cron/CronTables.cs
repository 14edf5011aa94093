using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Scheduler.Cli.Cron;

/// <summary>How cron jobs and their runs look in a terminal; times are local.</summary>
public static class CronTables
{
    public static Table List(JsonArray jobs)
    {
        var table = new Table().RoundedBorder().AddColumns("NAME", "SCHEDULE", "TIME ZONE", "POLICY", "NEXT RUN", "LAST RUN", "ACTIVE");
        foreach (var job in jobs.OfType<JsonObject>())
        {
            var last = job["last_run"] as JsonObject;
            table.AddRow(Text(job["name"]), Text(job["schedule"]), Text(job["time_zone"]), Text(job["concurrency_policy"]), Time(job["next_run_at"]),
                last is null ? "" : $"{State(last["state"]!.ToString())} {Time(last["scheduled_at"])}", Text(job["active_runs"]));
        }
        return table;
    }

    public static Table Runs(JsonObject job)
    {
        var table = new Table().RoundedBorder().AddColumns("RUN", "STATE", "SCHEDULED", "STARTED", "ENDED", "ATTEMPTS", "AGENT", "MESSAGE");
        foreach (var run in job["runs"]!.AsArray().OfType<JsonObject>())
            table.AddRow(Text(run["number"]), State(run["state"]!.ToString()), Time(run["scheduled_at"]), Time(run["started_at"]), Time(run["ended_at"]),
                Text(run["attempts"]), Text(run["agent_id"]), Text(run["message"]));
        table.Caption($"{Text(job["name"])}: {Text(job["schedule"])} ({Text(job["time_zone"])}, {Text(job["concurrency_policy"])}) — next run {NextRun(job)}");
        return table;
    }

    /// <summary>"2026-01-01 12:01:00" in local time, or "never" when the schedule has no more times.</summary>
    public static string NextRun(JsonObject job) => job["next_run_at"] is null ? "never" : Time(job["next_run_at"]);

    public static string State(string state) => state switch
    {
        "finished" => "[green]finished[/]",
        "failed" => "[red]failed[/]",
        "killed" or "skipped" => $"[yellow]{state}[/]",
        "running" or "staging" => $"[blue]{state}[/]",
        _ => Markup.Escape(state),
    };

    private static string Time(JsonNode? node) =>
        DateTimeOffset.TryParse(node?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : "";

    private static string Text(JsonNode? node) => Markup.Escape(node?.ToString() ?? "");
}
