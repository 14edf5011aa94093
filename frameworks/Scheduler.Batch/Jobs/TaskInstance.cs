using Scheduler.Batch.Specs;

namespace Scheduler.Batch.Jobs;

/// <summary>One instance of a job's task (an array task has many) and its attempts, oldest first.</summary>
public sealed class TaskInstance(TaskSpec spec, int index)
{
    public TaskSpec Spec { get; } = spec;
    public int Index { get; } = index;
    public List<TaskAttempt> Attempts { get; } = [];

    /// <summary>The task's name, followed by the index for an array task: <c>build</c>, <c>hello.7</c>.</summary>
    public string Key => Spec.Array is null ? Spec.Name : $"{Spec.Name}.{Index}";

    public int Failures => Attempts.Count(attempt => attempt.Phase == TaskPhase.Failed);

    public TaskAttempt? Active => Attempts.LastOrDefault(attempt => attempt.IsActive);

    public TaskAttempt? Latest => Attempts.Count == 0 ? null : Attempts[^1];

    /// <summary>The phase from the attempts alone, before the job's kill and the dependencies are considered.</summary>
    public TaskPhase OwnPhase =>
        Attempts.Any(attempt => attempt.Phase == TaskPhase.Finished) ? TaskPhase.Finished
        : Active is { } active ? active.Phase
        : Failures > Spec.Retries ? TaskPhase.Failed
        : TaskPhase.Pending;

    /// <summary>The earliest time the next attempt may start: the backoff after the last failure.</summary>
    public DateTimeOffset NotBefore =>
        Attempts.LastOrDefault(attempt => attempt.Phase == TaskPhase.Failed) is { EndedAt: { } ended }
            ? ended + Spec.BackoffAfter(Failures)
            : DateTimeOffset.MinValue;
}
