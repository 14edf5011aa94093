namespace Scheduler.Agent.Containers;

/// <summary>
/// One host's cgroup hierarchy as the containerizer uses it: a <c>scheduler/&lt;containerId&gt;</c>
/// cgroup per container, with limits, accounting, OOM detection, killing and removal.
/// </summary>
public interface ICgroups
{
    /// <summary>"v1" or "v2".</summary>
    string Version { get; }

    /// <summary>Creates the container's cgroup(s) and applies the limits.</summary>
    void Create(string containerId, CgroupLimits limits);

    bool Exists(string containerId);

    /// <summary>The <c>cgroup.procs</c> files a process writes its pid into to join the container.</summary>
    IReadOnlyList<string> ProcessFiles(string containerId);

    /// <summary>Pids currently in the container's cgroup; empty when it does not exist.</summary>
    IReadOnlyList<int> Processes(string containerId);

    ContainerUsage ReadUsage(string containerId);

    CgroupMemoryReport ReadMemoryReport(string containerId);

    /// <summary>SIGKILLs every process in the container's cgroup until none is left.</summary>
    Task KillAllAsync(string containerId, CancellationToken cancellationToken = default);

    /// <summary>Removes the container's cgroup(s); call after <see cref="KillAllAsync"/>.</summary>
    Task DestroyAsync(string containerId, CancellationToken cancellationToken = default);

    /// <summary>Ids of all containers that have a cgroup under the scheduler subtree.</summary>
    IReadOnlyList<string> ListContainers();
}
