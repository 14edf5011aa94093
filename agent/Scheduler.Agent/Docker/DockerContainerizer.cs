using Docker.DotNet;
using Docker.DotNet.Models;
using NLog;
using Scheduler.Agent.Containers;
using Scheduler.Agent.StatusUpdates;

namespace Scheduler.Agent.Docker;

/// <summary>
/// Runs tasks whose container is a Docker image through the engine's API, the way Mesos's Docker containerizer
/// does: the image is used when local and pulled otherwise, the task's limits are set on the container, its
/// output goes to the sandbox files, and the container is removed once it has ended. Disposing it leaves its
/// containers running; an instance on the same agent label recovers them.
/// </summary>
public sealed class DockerContainerizer : IContainerizer, IDisposable
{
    public static readonly TimeSpan DefaultPullTimeout = TimeSpan.FromMinutes(2);
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly IDockerClient client;
    private readonly string agentLabel;
    private readonly DockerImagePuller images;
    private readonly object gate = new();
    private readonly Dictionary<string, DockerRunningContainer> running = new();
    private readonly CancellationTokenSource detached = new();
    private readonly DateTime startedAt = DateTime.UtcNow;
    private bool recovered;

    /// <param name="agentLabel">Marks this agent's containers, so that agents sharing an engine leave each other's alone.</param>
    /// <param name="pullProgressInterval">The least time between two reports of an image pull's progress.</param>
    public DockerContainerizer(IDockerClient client, string agentLabel, TimeSpan? pullTimeout = null, TimeSpan? pullProgressInterval = null)
    {
        this.client = client;
        this.agentLabel = agentLabel;
        images = new DockerImagePuller(client, pullTimeout ?? DefaultPullTimeout,
            pullProgressInterval ?? DockerImagePuller.DefaultProgressInterval, SystemClock.Instance);
    }

    public IDockerClient Client => client;

    public IReadOnlyCollection<IRunningContainer> Running
    {
        get
        {
            lock (gate)
                return running.Values.ToList();
        }
    }

    public async Task<IRunningContainer> LaunchAsync(ContainerLaunchSpec spec, CancellationToken cancellationToken = default)
    {
        spec.Validate();
        var docker = spec.Docker ?? throw new ArgumentException("The Docker containerizer runs only Docker containers.");
        var parameters = DockerContainerConfig.For(spec, agentLabel);
        lock (gate)
        {
            if (running.ContainsKey(spec.ContainerId))
                throw new InvalidOperationException($"Container {spec.ContainerId} already exists.");
        }
        if (docker.Network == DockerNetwork.Bridge)
            await RequireBridgeAsync(cancellationToken).ConfigureAwait(false);

        await images.EnsureAsync(docker.Image, docker.ForcePull, spec.ReportProgress, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(spec.SandboxDirectory);
        File.AppendAllText(spec.StdoutPath, "");
        File.AppendAllText(spec.StderrPath, "");

        string? dockerId = null;
        try
        {
            using var timeout = Timeout(cancellationToken);
            dockerId = (await client.Containers.CreateContainerAsync(parameters, timeout.Token).ConfigureAwait(false)).ID;
            await client.Containers.StartContainerAsync(dockerId, new ContainerStartParameters(), timeout.Token).ConfigureAwait(false);
            var pid = (int)(await client.Containers.InspectContainerAsync(dockerId, timeout.Token).ConfigureAwait(false)).State.Pid;

            DockerRunningContainer container;
            // Held while watching starts, so that an immediate termination's removal waits for the registration.
            lock (gate)
            {
                container = DockerRunningContainer.Watch(client, spec, dockerId, pid, parameters.HostConfig.Memory, Forget, detached.Token);
                running[spec.ContainerId] = container;
            }
            Log.Info("Launched Docker container {0} ({1}) for task {2} of framework {3} from {4} as pid {5}",
                spec.ContainerId, dockerId[..12], spec.TaskId, spec.FrameworkId, docker.Image, pid);
            return container;
        }
        catch (DockerApiException e)
        {
            if (dockerId is not null) await DockerRunningContainer.RemoveAsync(client, dockerId, spec.ContainerId).ConfigureAwait(false);
            throw new InvalidOperationException($"The Docker engine refused the container: {DockerImagePuller.ApiMessage(e)}", e);
        }
        catch
        {
            if (dockerId is not null) await DockerRunningContainer.RemoveAsync(client, dockerId, spec.ContainerId).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Removes this agent's containers that it does not run; returns their container ids. Until
    /// <see cref="RecoverAsync"/> has run, the containers of earlier agent processes are left for it to judge.</summary>
    public async Task<IReadOnlyList<string>> CleanupOrphansAsync(CancellationToken cancellationToken = default)
    {
        var removed = new List<string>();
        foreach (var orphan in await ListOwnAsync(cancellationToken).ConfigureAwait(false))
        {
            var containerId = ContainerIdOf(orphan);
            if (Tracked(containerId) is not null)
                continue;
            if (!recovered && await CreatedBeforeStartAsync(orphan.ID, cancellationToken).ConfigureAwait(false))
            {
                Log.Info("Leaving Docker container {0} ({1}) of an earlier agent process for recovery", containerId, orphan.State);
                continue;
            }
            await DockerRunningContainer.RemoveAsync(client, orphan.ID, containerId).ConfigureAwait(false);
            removed.Add(containerId);
            Log.Info("Removed orphan Docker container {0} ({1})", containerId, orphan.State);
        }
        return removed;
    }

    /// <summary>
    /// Finds this agent's containers by their label: reattaches to the running ones the agent still knows, resuming
    /// the copy of their output into the sandbox; reports how the others it knows ended, from the engine's record
    /// (exit code, OOM kill), copies the output they wrote meanwhile and removes them; removes every container of
    /// this agent it does not know. A known container the engine does not have is reported as ended unknown.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ContainerRecovery>> RecoverAsync(IReadOnlyCollection<string> containerIds,
        CancellationToken cancellationToken = default)
    {
        var known = containerIds.ToHashSet();
        var found = new Dictionary<string, string>();
        foreach (var container in await ListOwnAsync(cancellationToken).ConfigureAwait(false))
        {
            var containerId = ContainerIdOf(container);
            if (known.Contains(containerId) && found.TryAdd(containerId, container.ID))
                continue;
            if (Tracked(containerId) is { } live && live.DockerId == container.ID)
                continue;
            Log.Warn("Removing Docker container {0} ({1}), which the agent no longer knows", containerId, container.State);
            await DockerRunningContainer.RemoveAsync(client, container.ID, containerId).ConfigureAwait(false);
        }

        var recoveries = new Dictionary<string, ContainerRecovery>();
        foreach (var containerId in known)
        {
            recoveries[containerId] = Tracked(containerId) is { } live ? ContainerRecovery.Reattached(live)
                : found.TryGetValue(containerId, out var dockerId) ? await RecoverAsync(containerId, dockerId, cancellationToken).ConfigureAwait(false)
                : ContainerRecovery.Unknown(containerId);
        }
        recovered = true;
        return recoveries;
    }

    private async Task<ContainerRecovery> RecoverAsync(string containerId, string dockerId, CancellationToken cancellationToken)
    {
        ContainerInspectResponse inspected;
        using (var timeout = Timeout(cancellationToken))
            inspected = await client.Containers.InspectContainerAsync(dockerId, timeout.Token).ConfigureAwait(false);
        var sandbox = inspected.Mounts?.FirstOrDefault(m => m.Destination == DockerContainerConfig.SandboxMount)?.Source;
        var state = inspected.State;
        if (state.Running || state.Paused || state.Restarting)
        {
            DockerRunningContainer container;
            lock (gate)
            {
                container = DockerRunningContainer.Reattach(client, containerId, dockerId, (int)state.Pid, inspected.HostConfig.Memory,
                    sandbox, Forget, detached.Token);
                running[containerId] = container;
            }
            Log.Info("Reattached to Docker container {0} ({1}) as pid {2}", containerId, dockerId[..12], state.Pid);
            return ContainerRecovery.Reattached(container);
        }

        ContainerTermination ended;
        if (state.Status == "created")
        {
            ended = ContainerTermination.Unknown($"The Docker container {containerId} was created but never started");
        }
        else
        {
            if (sandbox is not null)
            {
                using var timeout = Timeout(cancellationToken);
                await DockerRunningContainer.CopyOutputAsync(client, dockerId, containerId, sandbox, resume: true, timeout.Token)
                    .ConfigureAwait(false);
            }
            ended = DockerRunningContainer.Describe(state, inspected.HostConfig.Memory);
        }
        await DockerRunningContainer.RemoveAsync(client, dockerId, containerId).ConfigureAwait(false);
        Log.Info("Docker container {0} ended while the agent was down: {1}", containerId, ended.Message);
        return ContainerRecovery.Terminated(ended);
    }

    /// <summary>Stops following the containers, leaving them to a later instance's recovery.</summary>
    public void Dispose()
    {
        detached.Cancel();
        lock (gate)
            running.Clear();
        client.Dispose();
    }

    private DockerRunningContainer? Tracked(string containerId)
    {
        lock (gate)
            return running.GetValueOrDefault(containerId);
    }

    private async Task<IList<ContainerListResponse>> ListOwnAsync(CancellationToken cancellationToken)
    {
        using var timeout = Timeout(cancellationToken);
        return await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{DockerLabels.Agent}={agentLabel}"] = true },
            },
        }, timeout.Token).ConfigureAwait(false);
    }

    private static string ContainerIdOf(ContainerListResponse container) =>
        container.Labels.TryGetValue(DockerLabels.ContainerId, out var id) ? id : container.ID;

    private async Task<bool> CreatedBeforeStartAsync(string dockerId, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = Timeout(cancellationToken);
            var inspected = await client.Containers.InspectContainerAsync(dockerId, timeout.Token).ConfigureAwait(false);
            return inspected.Created.ToUniversalTime() < startedAt;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }

    private void Forget(DockerRunningContainer container)
    {
        lock (gate)
            running.Remove(container.ContainerId);
    }

    private async Task RequireBridgeAsync(CancellationToken cancellationToken)
    {
        using var timeout = Timeout(cancellationToken);
        var networks = await client.Networks.ListNetworksAsync(new NetworksListParameters(), timeout.Token).ConfigureAwait(false);
        if (!networks.Any(n => n.Driver == "bridge"))
            throw new InvalidOperationException("The Docker engine has no bridge network; use the HOST or NONE network.");
    }

    private static CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        return timeout;
    }
}
