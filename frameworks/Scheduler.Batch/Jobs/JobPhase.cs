namespace Scheduler.Batch.Jobs;

public enum JobPhase
{
    Pending,
    Running,
    Finished,
    Failed,
    Killed,
}
