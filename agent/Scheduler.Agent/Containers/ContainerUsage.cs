namespace Scheduler.Agent.Containers;

/// <summary>A point-in-time reading of a container's cgroup accounting; null where the host does not report a value.</summary>
public sealed record ContainerUsage(
    DateTimeOffset Timestamp,
    TimeSpan? CpuTime,
    long? MemoryBytes,
    long? MemoryMaxBytes,
    long? MemoryLimitBytes,
    int? ProcessCount);
