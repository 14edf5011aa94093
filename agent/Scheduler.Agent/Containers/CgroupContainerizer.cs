using NLog;

namespace Scheduler.Agent.Containers;

/// <summary>
/// Runs each command task as a real process inside its own kernel-enforced cgroups (cpu shares and quota,
/// memory limit, pids limit), in its own session, with its output written straight into the sandbox.
/// </summary>
public sealed class CgroupContainerizer : IContainerizer
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();


    private static readonly TimeSpan ReattachedPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly ICgroups cgroups;
    private readonly NamespaceIsolation namespaces;
    private readonly ContainerRuntimeDirectory runtime;
    private readonly object gate = new();
    private readonly Dictionary<string, IRunningContainer> running = new();

    /// <param name="runtimeDirectory">Where each container's supervisor and exit status are recorded; a later
    /// containerizer on the same directory recovers them. Agents use <see cref="RuntimeDirectoryOf"/>.</param>
    /// <param name="namespaces">The namespaces each container gets of its own; none by default.</param>
    public CgroupContainerizer(ICgroups cgroups, string? runtimeDirectory = null, NamespaceIsolation? namespaces = null)
    {
        this.cgroups = cgroups;
        this.namespaces = namespaces ?? NamespaceIsolation.None;
        // Without one of its own, an instance records its containers where no other instance recovers (and so destroys) them.
        runtime = new ContainerRuntimeDirectory(runtimeDirectory
            ?? Path.Combine(Path.GetTempPath(), "scheduler-containers", Guid.NewGuid().ToString("N")));
    }

    /// <summary>A containerizer on whatever cgroup version the host mounts.</summary>
    public static CgroupContainerizer ForHost(string? runtimeDirectory = null, NamespaceIsolation? namespaces = null) =>
        new(CgroupsDetector.Detect() ?? throw new InvalidOperationException($"No cgroups mounted at {CgroupsDetector.DefaultRoot}."),
            runtimeDirectory, namespaces);

    public string RuntimeDirectory => runtime.Root;

    /// <summary>The runtime directory of an agent's cgroups containerizer, under its work directory.</summary>
    public static string RuntimeDirectoryOf(string agentWorkDirectory) => Path.Combine(agentWorkDirectory, "containers");

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

    private void Untrack(RunningContainer container)
    {
        lock (gate)
            running.Remove(container.ContainerId);
    }

    public async Task<IRunningContainer> LaunchAsync(ContainerLaunchSpec spec, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Off the caller's thread: the agent actor hands over a burst of launches at once, and each spawn blocks
        // on file creation and on the supervisor's exec.
        var (supervisorPid, limits) = await Task.Run(() => Spawn(spec), cancellationToken).ConfigureAwait(false);
        var commandPid = await WaitForCommandPidAsync(spec.ContainerId, supervisorPid).ConfigureAwait(false);

        RunningContainer container;
        // Held while watching starts, so that an immediate termination's removal waits for the registration.
        lock (gate)
        {
            container = RunningContainer.Watch(spec.ContainerId, supervisorPid, commandPid, cgroups, runtime, Untrack);
            running[spec.ContainerId] = container;
        }
        Log.Info("Launched container {0} for task {1} of framework {2} as pid {3} ({4})",
            spec.ContainerId, spec.TaskId, spec.FrameworkId, commandPid, limits);
        return container;
    }

    /// <summary>The command's pid as its supervisor records it right after forking; the supervisor's own if it
    /// ended first (its watcher then reports why).</summary>
    private async Task<int> WaitForCommandPidAsync(string containerId, int supervisorPid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (runtime.ReadCommandPid(containerId) is { } pid)
                return pid;
            if (ProcessIdentity.StartTime(supervisorPid) is null)
                break;
            await Task.Delay(1).ConfigureAwait(false);
        }
        return runtime.ReadCommandPid(containerId) ?? supervisorPid;
    }

    private (int SupervisorPid, CgroupLimits Limits) Spawn(ContainerLaunchSpec spec)
    {
        spec.Validate();
        if (IsRunning(spec.ContainerId) || cgroups.Exists(spec.ContainerId))
            throw new InvalidOperationException($"Container {spec.ContainerId} already exists.");
        if (spec.User is { } user && !HostUsers.Exists(user))
            throw new ArgumentException($"User '{user}' does not exist on this agent.");

        Directory.CreateDirectory(spec.SandboxDirectory);
        var limits = CgroupLimits.From(spec);
        int pid;
        try
        {
            cgroups.Create(spec.ContainerId, limits);
            runtime.Create(spec.ContainerId);
            var script = ContainerLaunchScript.Build(spec, cgroups.ProcessFiles(spec.ContainerId), namespaces);
            pid = ProcessSpawner.Spawn(ContainerSupervisor.Interpreter,
                ContainerSupervisor.Arguments(runtime.StatusFile(spec.ContainerId), runtime.CommandPidFile(spec.ContainerId),
                    ["/bin/sh", "-c", script]),
                ContainerEnvironment.For(spec));
            // Without a start time the pid could not be told from a reused one after a restart; it is read at once,
            // while the supervisor cannot have ended (it waits for the command, which is not reaped before this returns).
            runtime.WriteSupervisor(spec.ContainerId, pid, ProcessIdentity.StartTime(pid) ?? 0);
        }
        catch
        {
            cgroups.DestroyAsync(spec.ContainerId).GetAwaiter().GetResult();
            runtime.Remove(spec.ContainerId);
            throw;
        }
        return (pid, limits);
    }

    public async Task<IReadOnlyList<string>> CleanupOrphansAsync(CancellationToken cancellationToken = default)
    {
        var removed = new List<string>();
        foreach (var containerId in cgroups.ListContainers())
        {
            if (IsRunning(containerId) || runtime.Exists(containerId))
                continue;
            if (cgroups.Processes(containerId).Count > 0)
            {
                Log.Warn("Orphan container {0} still has processes; leaving it for recovery", containerId);
                continue;
            }
            try
            {
                await cgroups.DestroyAsync(containerId, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                // A process joined it since it was counted: it is somebody's live container after all.
                Log.Warn("Leaving orphan container {0}: {1}", containerId, e.Message);
                continue;
            }
            removed.Add(containerId);
            Log.Info("Removed the cgroups of orphan container {0}", containerId);
        }
        return removed;
    }

    public async Task<IReadOnlyDictionary<string, ContainerRecovery>> RecoverAsync(IReadOnlyCollection<string> containerIds,
        CancellationToken cancellationToken = default)
    {
        var known = containerIds.ToHashSet();
        foreach (var orphan in runtime.List().Where(id => !known.Contains(id) && !IsRunning(id)))
        {
            Log.Warn("Destroying container {0}, which the agent no longer knows", orphan);
            if (runtime.ReadSupervisor(orphan) is { } supervisor && ProcessIdentity.IsAlive(supervisor.Pid, supervisor.StartTime))
            {
                NativeMethods.Kill(-supervisor.Pid, NativeMethods.SignalKill);
                if (runtime.ReadCommandPid(orphan) is { } command && command > 1)
                    NativeMethods.Kill(-command, NativeMethods.SignalKill);
            }
            await DestroyAsync(orphan, cancellationToken).ConfigureAwait(false);
            runtime.Remove(orphan);
        }

        var recovered = new Dictionary<string, ContainerRecovery>();
        foreach (var containerId in known)
            recovered[containerId] = await RecoverAsync(containerId, cancellationToken).ConfigureAwait(false);
        return recovered;
    }

    private async Task<ContainerRecovery> RecoverAsync(string containerId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (running.TryGetValue(containerId, out var live))
                return ContainerRecovery.Reattached(live);
        }
        var supervisor = runtime.ReadSupervisor(containerId);
        if (runtime.ReadStatus(containerId) is null && supervisor is { } alive && ProcessIdentity.IsAlive(alive.Pid, alive.StartTime))
        {
            RunningContainer container;
            lock (gate)
            {
                container = RunningContainer.Reattach(containerId, alive.Pid, alive.StartTime,
                    runtime.ReadCommandPid(containerId) ?? alive.Pid, cgroups, runtime, ReattachedPollInterval, Untrack);
                running[containerId] = container;
            }
            Log.Info("Reattached to container {0} (supervisor pid {1})", containerId, alive.Pid);
            return ContainerRecovery.Reattached(container);
        }

        ContainerRecovery outcome;
        if (runtime.ReadStatus(containerId) is { } status)
        {
            var memory = cgroups.ReadMemoryReport(containerId);
            outcome = ContainerRecovery.Terminated(RunningContainer.Describe(status, memory));
        }
        else
        {
            outcome = ContainerRecovery.Unknown(containerId);
        }
        await DestroyAsync(containerId, cancellationToken).ConfigureAwait(false);
        Log.Info("Container {0} ended while the agent was down: {1}", containerId, outcome.Ended!.Message);
        return outcome;
    }

    private async Task DestroyAsync(string containerId, CancellationToken cancellationToken)
    {
        if (!cgroups.Exists(containerId))
            return;
        await cgroups.KillAllAsync(containerId, cancellationToken).ConfigureAwait(false);
        await cgroups.DestroyAsync(containerId, cancellationToken).ConfigureAwait(false);
    }

    public void Forget(string containerId)
    {
        if (!IsRunning(containerId))
            runtime.Remove(containerId);
    }
}
