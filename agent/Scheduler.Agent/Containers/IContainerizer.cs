namespace Scheduler.Agent.Containers;

/// <summary>Launches command tasks in isolated containers.</summary>
public interface IContainerizer
{
    Task<IRunningContainer> LaunchAsync(ContainerLaunchSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Containers launched by this instance that have not yet terminated.</summary>
    IReadOnlyCollection<IRunningContainer> Running { get; }

    /// <summary>Removes leftover container cgroups of earlier runs whose processes are all gone; returns their ids.
    /// Cgroups that still hold processes are left alone for recovery.</summary>
    Task<IReadOnlyList<string>> CleanupOrphansAsync(CancellationToken cancellationToken = default);
}
