using System.Globalization;
using System.Text.Json.Nodes;
using Scheduler.Cron.Runs;

namespace Scheduler.Cron.Http;

/// <summary>The JSON shapes of the cron API: a job's summary, and with its runs for <c>GET /v1/cron/{name}</c>.</summary>
public static class CronJson
{
    public static JsonObject Summary(CronJob job)
    {
        var last = job.Runs.LastOrDefault(run => !run.IsActive);
        return new JsonObject
        {
            ["name"] = job.Name,
            ["schedule"] = job.Spec.ScheduleText,
            ["time_zone"] = job.Spec.TimeZone,
            ["concurrency_policy"] = job.Spec.ConcurrencyPolicy.ToString(),
            ["next_run_at"] = Time(job.NextDue),
            ["active_runs"] = job.ActiveRuns.Count(),
            ["last_run"] = last is null ? null : Run(last),
        };
    }

    public static JsonObject Detail(CronJob job)
    {
        var json = Summary(job);
        json["command"] = job.Spec.Task.Command;
        json["image"] = job.Spec.Task.Image;
        json["starting_deadline_seconds"] = job.Spec.StartingDeadline?.TotalSeconds;
        json["history_limit"] = job.Spec.HistoryLimit;
        json["runs"] = new JsonArray(job.Runs.AsEnumerable().Reverse().Select(run => (JsonNode?)Run(run)).ToArray());
        return json;
    }

    private static JsonObject Run(CronRun run) => new()
    {
        ["number"] = run.Number,
        ["state"] = CronBook.Name(run.Phase),
        ["scheduled_at"] = Time(run.ScheduledAt),
        ["started_at"] = Time(run.StartedAt),
        ["ended_at"] = Time(run.EndedAt),
        ["attempts"] = run.Attempts,
        ["task_id"] = run.TaskId,
        ["agent_id"] = run.AgentId,
        ["message"] = run.Message,
    };

    private static string? Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
