namespace Scheduler.Batch.Jobs;

/// <summary>Where a task instance (or one attempt of it) stands.</summary>
public enum TaskPhase
{
    Pending,
    Staging,
    Running,
    Finished,
    Failed,
    Killed,

    /// <summary>An attempt the cluster never ran (dropped, unknown); it does not count against the retries.</summary>
    Lost,
}
