using System.Text.Json.Nodes;
using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Http;

/// <summary>Mesos's <c>/monitor/statistics</c> body: one entry per executor (here, per task) with its ResourceStatistics.</summary>
public static class MonitorStatisticsJson
{
    public static JsonArray Build(IEnumerable<(MonitoredContainer Container, ContainerUsage Usage)> readings)
    {
        var array = new JsonArray();
        foreach (var (container, usage) in readings)
        {
            array.Add(new JsonObject
            {
                ["executor_id"] = container.ExecutorId,
                ["executor_name"] = container.ExecutorName,
                ["framework_id"] = container.FrameworkId,
                ["source"] = container.Source,
                ["statistics"] = Statistics(container, usage),
            });
        }
        return array;
    }

    private static JsonObject Statistics(MonitoredContainer container, ContainerUsage usage)
    {
        var statistics = new JsonObject { ["timestamp"] = usage.Timestamp.ToUnixTimeMilliseconds() / 1000.0 };
        if (usage.CpuUserTime is { } user) statistics["cpus_user_time_secs"] = user.TotalSeconds;
        if (usage.CpuSystemTime is { } system) statistics["cpus_system_time_secs"] = system.TotalSeconds;
        if (container.CpusLimit is { } cpus) statistics["cpus_limit"] = cpus;
        if (usage.MemoryBytes is { } rss) statistics["mem_rss_bytes"] = rss;
        if (usage.MemoryLimitBytes is { } limit) statistics["mem_limit_bytes"] = limit;
        if (usage.ProcessCount is { } processes) statistics["processes"] = processes;
        return statistics;
    }
}
