using System.Globalization;
using System.Text.Json.Nodes;
using Scheduler.Batch.Jobs;
using Scheduler.Protocol;

namespace Scheduler.Batch.Http;

/// <summary>The JSON shapes of the batch API: a job's summary, and its tasks with their attempts for <c>GET /v1/jobs/{id}</c>.</summary>
public static class JobJson
{
    public static JsonObject Summary(Job job) => Summary(job, job.Evaluate());

    public static JsonObject Detail(Job job)
    {
        var statuses = job.Evaluate();
        var json = Summary(job, statuses);
        json["tasks"] = new JsonArray(statuses.Select(Task).ToArray<JsonNode?>());
        return json;
    }

    private static JsonObject Summary(Job job, IReadOnlyList<InstanceStatus> statuses)
    {
        var counts = new JsonObject();
        foreach (var phase in new[] { TaskPhase.Pending, TaskPhase.Staging, TaskPhase.Running, TaskPhase.Finished, TaskPhase.Failed, TaskPhase.Killed })
            counts[Name(phase)] = statuses.Count(status => status.Phase == phase);
        counts["total"] = statuses.Count;
        return new JsonObject
        {
            ["id"] = job.Id,
            ["name"] = job.Spec.Name,
            ["state"] = job.Phase(statuses).ToString().ToLowerInvariant(),
            ["submitted_at"] = job.SubmittedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["counts"] = counts,
        };
    }

    private static JsonObject Task(InstanceStatus status)
    {
        var latest = status.Instance.Latest;
        return new JsonObject
        {
            ["name"] = status.Instance.Key,
            ["task"] = status.Instance.Spec.Name,
            ["index"] = status.Instance.Index,
            ["state"] = Name(status.Phase),
            ["attempts"] = status.Instance.Attempts.Count(attempt => attempt.Phase != TaskPhase.Lost),
            ["task_id"] = latest?.TaskId,
            ["agent_id"] = latest?.AgentId,
            ["message"] = status.Reason ?? latest?.Message,
            ["history"] = new JsonArray(status.Instance.Attempts.Select(Attempt).ToArray<JsonNode?>()),
        };
    }

    /// <summary>One attempt, with how many updates told it it ended: distinct ones, and repeats of those.</summary>
    private static JsonObject Attempt(TaskAttempt attempt) => new()
    {
        ["task_id"] = attempt.TaskId,
        ["state"] = Name(attempt.Phase),
        ["agent_id"] = attempt.AgentId,
        ["message"] = attempt.Message,
        ["terminal_updates"] = attempt.TerminalUpdates.Distinct,
        ["duplicate_updates"] = attempt.TerminalUpdates.Duplicates,
        ["terminal_states"] = new JsonArray(attempt.TerminalUpdates.DistinctStates.Select(state => (JsonNode?)ProtoEnumNames.Of(state)).ToArray()),
    };

    public static string Name(TaskPhase phase) => phase.ToString().ToLowerInvariant();
}
