namespace Scheduler.Cli.Top;

/// <summary>
/// Turns successive samples of every agent's <c>/monitor/statistics</c> into rows: cpu use is the cpu time a task
/// spent between two samples over the wall time between them, so the first sample of a task has none yet.
/// </summary>
public sealed class TaskUsageTable
{
    private const double BytesPerMb = 1024 * 1024;
    private Dictionary<string, TaskUsageSample> _previous = new();

    public IReadOnlyList<TaskUsageRow> Update(IEnumerable<TaskUsageSample> samples)
    {
        var current = new Dictionary<string, TaskUsageSample>();
        foreach (var sample in samples) current[sample.Key] = sample;
        var rows = current.Values.Select(sample => new TaskUsageRow(
                sample.TaskId,
                sample.FrameworkId,
                sample.AgentId,
                _previous.TryGetValue(sample.Key, out var before) ? CpuPercent(before, sample) : null,
                sample.CpusLimit,
                sample.MemoryBytes / BytesPerMb,
                sample.MemoryLimitBytes / BytesPerMb,
                sample.Processes))
            .OrderByDescending(row => row.CpuPercent ?? -1)
            .ThenByDescending(row => row.MemoryMb ?? -1)
            .ThenBy(row => row.TaskId, StringComparer.Ordinal)
            .ToList();
        _previous = current;
        return rows;
    }

    private static double? CpuPercent(TaskUsageSample before, TaskUsageSample now)
    {
        var elapsed = now.Timestamp - before.Timestamp;
        if (elapsed <= 0) return null;
        return Math.Max(0, now.CpuSeconds - before.CpuSeconds) / elapsed * 100;
    }
}
