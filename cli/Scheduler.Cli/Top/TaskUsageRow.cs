namespace Scheduler.Cli.Top;

/// <summary>A line of <c>sched top</c>: a task's cpu use since the previous sample (100 = one core) and its memory now.</summary>
public sealed record TaskUsageRow(
    string TaskId,
    string FrameworkId,
    string AgentId,
    double? CpuPercent,
    double? CpusLimit,
    double? MemoryMb,
    double? MemoryLimitMb,
    int? Processes);
