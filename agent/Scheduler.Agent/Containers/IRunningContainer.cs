namespace Scheduler.Agent.Containers;

/// <summary>A launched container. Its cgroups are destroyed once its main process has ended.</summary>
public interface IRunningContainer
{
    string ContainerId { get; }

    /// <summary>Pid of the task's process, also its session and process group id.</summary>
    int Pid { get; }

    /// <summary>Completes once the process has ended and the container has been cleaned up; never faults.</summary>
    Task<ContainerTermination> Termination { get; }

    /// <summary>SIGTERM to the task's process group, then SIGKILL to everything in its cgroups after the grace period.
    /// Completes when the container has terminated.</summary>
    Task KillAsync(TimeSpan gracePeriod);

    /// <summary>Current resource usage; after termination, the last reading taken before the cgroups were removed.</summary>
    ContainerUsage Usage();
}
