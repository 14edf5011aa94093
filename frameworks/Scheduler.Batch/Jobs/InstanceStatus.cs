namespace Scheduler.Batch.Jobs;

/// <summary>
/// A task instance's phase with its job and dependencies considered. <see cref="DependenciesDone"/> tells
/// whether a pending instance may start (after its backoff); <see cref="Reason"/> says why one never will.
/// </summary>
public sealed record InstanceStatus(TaskInstance Instance, TaskPhase Phase, bool DependenciesDone, string? Reason);
