namespace Scheduler.Agent.Containers;

/// <summary>What became of a container an earlier agent process launched: still running (reattached) or ended.</summary>
public sealed record ContainerRecovery(IRunningContainer? Running, ContainerTermination? Ended)
{
    public static ContainerRecovery Reattached(IRunningContainer container) => new(container, null);

    public static ContainerRecovery Terminated(ContainerTermination termination) => new(null, termination);

    public static ContainerRecovery Unknown(string containerId) =>
        new(null, ContainerTermination.Unknown($"Container {containerId} ended while the agent was down and left no exit status"));
}
