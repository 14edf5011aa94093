using System.Text.Json.Nodes;

namespace Scheduler.Cli.Top;

/// <summary>One entry of an agent's <c>/monitor/statistics</c>: a task's cumulative cpu time and its memory at one moment.</summary>
public sealed record TaskUsageSample(
    string AgentId,
    string FrameworkId,
    string TaskId,
    double Timestamp,
    double CpuSeconds,
    double? CpusLimit,
    long? MemoryBytes,
    long? MemoryLimitBytes,
    int? Processes)
{
    public string Key => $"{FrameworkId}/{TaskId}";

    public static TaskUsageSample FromJson(string agentId, JsonObject entry)
    {
        var statistics = entry["statistics"]?.AsObject() ?? [];
        return new TaskUsageSample(
            agentId,
            entry["framework_id"]?.ToString() ?? "",
            entry["executor_id"]?.ToString() ?? "",
            statistics["timestamp"]?.GetValue<double>() ?? 0,
            (statistics["cpus_user_time_secs"]?.GetValue<double>() ?? 0) + (statistics["cpus_system_time_secs"]?.GetValue<double>() ?? 0),
            statistics["cpus_limit"]?.GetValue<double>(),
            statistics["mem_rss_bytes"]?.GetValue<long>(),
            statistics["mem_limit_bytes"]?.GetValue<long>(),
            statistics["processes"]?.GetValue<int>());
    }
}
