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

    /// <summary>
    /// After an agent restart: finds the containers an earlier agent process launched, reattaching to those still
    /// running and reporting how the others ended, and destroys every container it launched that is not in
    /// <paramref name="containerIds"/> (the ones the agent still knows). A containerizer without recovery
    /// reports each known container as ended with an unknown status.
    /// </summary>
    Task<IReadOnlyDictionary<string, ContainerRecovery>> RecoverAsync(IReadOnlyCollection<string> containerIds,
        CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, ContainerRecovery>>(
            containerIds.ToDictionary(id => id, ContainerRecovery.Unknown));

    /// <summary>Drops what the containerizer kept on disk about a terminated container once the agent no longer needs it.</summary>
    void Forget(string containerId)
    {
    }
}
