using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Scheduler.Cli.Jobs;

/// <summary>How jobs and their tasks look in a terminal.</summary>
public static class JobTables
{
    public static readonly string[] Phases = ["pending", "staging", "running", "finished", "failed", "killed"];

    public static Table List(JsonArray jobs)
    {
        var table = new Table().RoundedBorder().AddColumns("ID", "STATE", "SUBMITTED", "PENDING", "RUNNING", "FINISHED", "FAILED", "KILLED", "TOTAL");
        foreach (var job in jobs.OfType<JsonObject>())
        {
            var counts = job["counts"]!.AsObject();
            table.AddRow(Markup.Escape(job["id"]!.ToString()), State(job["state"]!.ToString()), Markup.Escape(Submitted(job)),
                Count(counts, "pending"), Count(counts, "staging", "running"), Count(counts, "finished"), Count(counts, "failed"),
                Count(counts, "killed"), Count(counts, "total"));
        }
        return table;
    }

    public static Table Tasks(JsonObject job)
    {
        var table = new Table().RoundedBorder().AddColumns("TASK", "STATE", "ATTEMPTS", "TASK ID", "AGENT", "MESSAGE");
        foreach (var task in job["tasks"]!.AsArray().OfType<JsonObject>())
            table.AddRow(Markup.Escape(task["name"]!.ToString()), State(task["state"]!.ToString()), Text(task["attempts"]), Text(task["task_id"]),
                Text(task["agent_id"]), Text(task["message"]));
        table.Caption($"{Markup.Escape(job["id"]!.ToString())}: {State(job["state"]!.ToString())} — {Summary(job)}");
        return table;
    }

    /// <summary>"3 pending, 2 running, 90 finished, 5 failed of 100".</summary>
    public static string Summary(JsonObject job)
    {
        var counts = job["counts"]!.AsObject();
        var parts = new[] { ("pending", new[] { "pending" }), ("running", new[] { "staging", "running" }), ("finished", new[] { "finished" }), ("failed", new[] { "failed" }), ("killed", new[] { "killed" }) }
            .Select(part => (part.Item1, Value: part.Item2.Sum(name => counts[name]?.GetValue<int>() ?? 0)))
            .Where(part => part.Value > 0 || part.Item1 is "finished")
            .Select(part => $"{part.Value} {part.Item1}");
        return $"{string.Join(", ", parts)} of {counts["total"]}";
    }

    public static bool IsDone(JsonObject job) => job["state"]?.ToString() is "finished" or "failed" or "killed";

    private static string Submitted(JsonObject job) =>
        DateTimeOffset.TryParse(job["submitted_at"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : "";

    private static string Count(JsonObject counts, params string[] names) =>
        names.Sum(name => counts[name]?.GetValue<int>() ?? 0).ToString(CultureInfo.InvariantCulture);

    private static string Text(JsonNode? node) => Markup.Escape(node?.ToString() ?? "");

    public static string State(string state) => state switch
    {
        "finished" => "[green]finished[/]",
        "failed" => "[red]failed[/]",
        "killed" => "[yellow]killed[/]",
        "running" or "staging" => $"[blue]{state}[/]",
        _ => Markup.Escape(state),
    };
}
