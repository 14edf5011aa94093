namespace Scheduler.Agent.Docker;

/// <summary>The labels an agent puts on its Docker containers, to find them again after a restart.</summary>
public static class DockerLabels
{
    public const string Agent = "scheduler.agent";
    public const string ContainerId = "scheduler.container_id";
    public const string FrameworkId = "scheduler.framework_id";
    public const string TaskId = "scheduler.task_id";

    /// <summary>Prefix of the names of the containers the agent creates.</summary>
    public const string NamePrefix = "sched-";
}
