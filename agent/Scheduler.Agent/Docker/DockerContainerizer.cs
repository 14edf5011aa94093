using Docker.DotNet;
using Docker.DotNet.Models;
using NLog;
using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Docker;

/// <summary>
/// Runs tasks whose container is a Docker image through the engine's API, the way Mesos's Docker containerizer
/// does: the image is used when local and pulled otherwise, the task's limits are set on the container, its
/// output goes to the sandbox files, and the container is removed once it has ended.
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

    /// <param name="agentLabel">Marks this agent's containers, so that agents sharing an engine leave each other's alone.</param>
    public DockerContainerizer(IDockerClient client, string agentLabel, TimeSpan? pullTimeout = null)
    {
        this.client = client;
        this.agentLabel = agentLabel;
        images = new DockerImagePuller(client, pullTimeout ?? DefaultPullTimeout);
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

        await images.EnsureAsync(docker.Image, docker.ForcePull, cancellationToken).ConfigureAwait(false);
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
                container = DockerRunningContainer.Watch(client, spec, dockerId, pid, parameters.HostConfig.Memory, Forget);
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

    /// <summary>Removes this agent's containers that it does not run; returns their container ids.</summary>
    public async Task<IReadOnlyList<string>> CleanupOrphansAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = Timeout(cancellationToken);
        var listed = await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{DockerLabels.Agent}={agentLabel}"] = true },
            },
        }, timeout.Token).ConfigureAwait(false);

        var removed = new List<string>();
        foreach (var orphan in listed)
        {
            var containerId = orphan.Labels.TryGetValue(DockerLabels.ContainerId, out var id) ? id : orphan.ID;
            lock (gate)
            {
                if (running.ContainsKey(containerId))
                    continue;
            }
            await DockerRunningContainer.RemoveAsync(client, orphan.ID, containerId).ConfigureAwait(false);
            removed.Add(containerId);
            Log.Info("Removed orphan Docker container {0} ({1})", containerId, orphan.State);
        }
        return removed;
    }

    public void Dispose() => client.Dispose();

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
