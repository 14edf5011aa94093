namespace Scheduler.Agent.Containers;

/// <summary>
/// The agent's containerizer when it has more than one: a launch with a Docker image goes to the Docker
/// containerizer, any other to the cgroups one. Either may be absent; a launch nobody can run fails clearly.
/// </summary>
public sealed class RoutingContainerizer(IContainerizer? cgroups, IContainerizer? docker) : IContainerizer
{
    public IContainerizer? Cgroups { get; } = cgroups;
    public IContainerizer? Docker { get; } = docker;

    public IReadOnlyCollection<IRunningContainer> Running =>
        [.. Cgroups?.Running ?? [], .. Docker?.Running ?? []];

    public Task<IRunningContainer> LaunchAsync(ContainerLaunchSpec spec, CancellationToken cancellationToken = default)
    {
        var target = spec.Docker is null ? Cgroups : Docker;
        if (target is null)
            return Task.FromException<IRunningContainer>(new InvalidOperationException(spec.Docker is null
                ? "This agent runs no cgroups containerizer; only Docker tasks can run here."
                : "This agent runs no Docker containerizer (see --containerizers and --docker-socket)."));
        return target.LaunchAsync(spec, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> CleanupOrphansAsync(CancellationToken cancellationToken = default)
    {
        var removed = new List<string>();
        if (Cgroups is not null) removed.AddRange(await Cgroups.CleanupOrphansAsync(cancellationToken).ConfigureAwait(false));
        if (Docker is not null) removed.AddRange(await Docker.CleanupOrphansAsync(cancellationToken).ConfigureAwait(false));
        return removed;
    }

    /// <summary>The cgroups containerizer recovers what it launched; what it does not know is asked of Docker.</summary>
    public async Task<IReadOnlyDictionary<string, ContainerRecovery>> RecoverAsync(IReadOnlyCollection<string> containerIds,
        CancellationToken cancellationToken = default)
    {
        var recovered = new Dictionary<string, ContainerRecovery>();
        var remaining = containerIds;
        if (Cgroups is not null)
        {
            foreach (var (id, recovery) in await Cgroups.RecoverAsync(containerIds, cancellationToken).ConfigureAwait(false))
                recovered[id] = recovery;
            remaining = containerIds.Where(id => recovered[id] is { Running: null, Ended.ExitCode: null, Ended.Signal: null }).ToList();
        }
        if (Docker is not null)
        {
            foreach (var (id, recovery) in await Docker.RecoverAsync(remaining, cancellationToken).ConfigureAwait(false))
                if (!recovered.ContainsKey(id) || recovery.Running is not null || recovery.Ended?.ExitCode is not null)
                    recovered[id] = recovery;
        }
        return recovered;
    }

    public void Forget(string containerId)
    {
        Cgroups?.Forget(containerId);
        Docker?.Forget(containerId);
    }
}
