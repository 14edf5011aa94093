using NLog;

namespace Scheduler.Agent.Containers;

/// <summary>
/// Runs each command task as a real process inside its own kernel-enforced cgroups (cpu shares and quota,
/// memory limit, pids limit), in its own session, with its output written straight into the sandbox.
/// </summary>
public sealed class CgroupContainerizer : IContainerizer
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    private readonly ICgroups cgroups;
    private readonly object gate = new();
    private readonly Dictionary<string, IRunningContainer> running = new();

    public CgroupContainerizer(ICgroups cgroups)
    {
        this.cgroups = cgroups;
    }

    /// <summary>A containerizer on whatever cgroup version the host mounts.</summary>
    public static CgroupContainerizer ForHost() =>
        new(CgroupsDetector.Detect() ?? throw new InvalidOperationException($"No cgroups mounted at {CgroupsDetector.DefaultRoot}."));

    public ICgroups Cgroups => cgroups;

    public IReadOnlyCollection<IRunningContainer> Running
    {
        get
        {
            lock (gate)
                return running.Values.ToList();
        }
    }

    private bool IsRunning(string containerId)
    {
        lock (gate)
            return running.ContainsKey(containerId);
    }

    private void Forget(RunningContainer container)
    {
        lock (gate)
            running.Remove(container.ContainerId);
    }

    public Task<IRunningContainer> LaunchAsync(ContainerLaunchSpec spec, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(Launch(spec));
        }
        catch (Exception e)
        {
            return Task.FromException<IRunningContainer>(e);
        }
    }

    private IRunningContainer Launch(ContainerLaunchSpec spec)
    {
        spec.Validate();
        if (IsRunning(spec.ContainerId) || cgroups.Exists(spec.ContainerId))
            throw new InvalidOperationException($"Container {spec.ContainerId} already exists.");

        Directory.CreateDirectory(spec.SandboxDirectory);
        var limits = CgroupLimits.From(spec);
        int pid;
        try
        {
            cgroups.Create(spec.ContainerId, limits);
            var script = ContainerLaunchScript.Build(spec, cgroups.ProcessFiles(spec.ContainerId));
            pid = ProcessSpawner.Spawn("/bin/sh", ["sh", "-c", script], ContainerEnvironment.For(spec));
        }
        catch
        {
            cgroups.DestroyAsync(spec.ContainerId).GetAwaiter().GetResult();
            throw;
        }

        RunningContainer container;
        // Held while watching starts, so that an immediate termination's removal waits for the registration.
        lock (gate)
        {
            container = RunningContainer.Watch(spec.ContainerId, pid, cgroups, Forget);
            running[spec.ContainerId] = container;
        }
        Log.Info("Launched container {0} for task {1} of framework {2} as pid {3} ({4})",
            spec.ContainerId, spec.TaskId, spec.FrameworkId, pid, limits);
        return container;
    }

    public async Task<IReadOnlyList<string>> CleanupOrphansAsync(CancellationToken cancellationToken = default)
    {
        var removed = new List<string>();
        foreach (var containerId in cgroups.ListContainers())
        {
            if (IsRunning(containerId))
                continue;
            if (cgroups.Processes(containerId).Count > 0)
            {
                Log.Warn("Orphan container {0} still has processes; leaving it for recovery", containerId);
                continue;
            }
            await cgroups.DestroyAsync(containerId, cancellationToken).ConfigureAwait(false);
            removed.Add(containerId);
            Log.Info("Removed the cgroups of orphan container {0}", containerId);
        }
        return removed;
    }
}
