namespace Scheduler.Agent.Containers;

/// <summary>A point-in-time reading of a container's cgroup accounting; null where the host does not report a value.</summary>
public sealed record ContainerUsage(
    DateTimeOffset Timestamp,
    TimeSpan? CpuTime,
    long? MemoryBytes,
    long? MemoryMaxBytes,
    long? MemoryLimitBytes,
    int? ProcessCount)
{
    /// <summary>The part of <see cref="CpuTime"/> spent in user mode, where the host reports it.</summary>
    public TimeSpan? CpuUserTime { get; init; }

    /// <summary>The part of <see cref="CpuTime"/> spent in the kernel, where the host reports it.</summary>
    public TimeSpan? CpuSystemTime { get; init; }
}
