namespace Scheduler.Agent.Containers;

/// <summary>
/// What the memory controller says about a container. <see cref="OomKilled"/> is null on kernels without an
/// OOM kill counter; then <see cref="LimitReached"/> together with a SIGKILL is the best evidence.
/// </summary>
public sealed record CgroupMemoryReport(bool? OomKilled, bool LimitReached, long? LimitBytes, long? MaxUsedBytes);
