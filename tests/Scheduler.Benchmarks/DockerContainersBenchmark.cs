using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Docker;

namespace Scheduler.Benchmarks;

/// <summary>
/// Runs <c>true</c> containers one after another, each both ways: through the agent's <see cref="DockerContainerizer"/> (image
/// check, create, start, inspect, output copied into the sandbox, wait, inspect, remove), and directly through
/// Docker.DotNet with the same container configuration (create, start, wait, remove), the engine's own floor.
/// </summary>
public sealed class DockerContainersBenchmark(string socket, string image) : IDisposable
{
    private readonly string agentLabel = "benchmark-" + Guid.NewGuid().ToString("N");
    private readonly string workDirectory = Directory.CreateTempSubdirectory("docker-benchmark-").FullName;
    private readonly IDockerClient client = DockerEngine.Connect(socket);

    /// <summary>
    /// Runs <paramref name="containers"/> containers each way, alternating one direct and one through the agent so that
    /// a changing load on the machine weighs on both alike; returns the total wall-clock time of each way.
    /// </summary>
    public async Task<(TimeSpan Direct, TimeSpan Agent)> RunAsync(int containers)
    {
        using var containerizer = new DockerContainerizer(DockerEngine.Connect(socket), agentLabel);
        var direct = TimeSpan.Zero;
        var agent = TimeSpan.Zero;
        for (var i = 0; i < containers; i++)
        {
            direct += await TimeAsync(DirectlyAsync).ConfigureAwait(false);
            agent += await TimeAsync(() => ThroughTheAgentAsync(containerizer)).ConfigureAwait(false);
        }
        return (direct, agent);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> run)
    {
        var stopwatch = Stopwatch.StartNew();
        await run().ConfigureAwait(false);
        return stopwatch.Elapsed;
    }

    /// <summary>As the agent runs a task: launch (image check, create, start, inspect, output into the sandbox), then
    /// the termination (wait, inspect, remove).</summary>
    private async Task ThroughTheAgentAsync(DockerContainerizer containerizer)
    {
        var container = await containerizer.LaunchAsync(Spec()).ConfigureAwait(false);
        var termination = await container.Termination.ConfigureAwait(false);
        if (!termination.Succeeded)
            throw new InvalidOperationException($"A benchmark container failed: {termination.Message}");
    }

    /// <summary>The engine's floor: the same container created, started, waited for and removed.</summary>
    private async Task DirectlyAsync()
    {
        var spec = Spec();
        Directory.CreateDirectory(spec.SandboxDirectory);
        var id = (await client.Containers.CreateContainerAsync(DockerContainerConfig.For(spec, agentLabel)).ConfigureAwait(false)).ID;
        await client.Containers.StartContainerAsync(id, new ContainerStartParameters()).ConfigureAwait(false);
        var exit = await client.Containers.WaitContainerAsync(id).ConfigureAwait(false);
        await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }).ConfigureAwait(false);
        if (exit.StatusCode != 0)
            throw new InvalidOperationException($"A benchmark container exited with status {exit.StatusCode}.");
    }

    /// <summary>Removes whatever a failed run left on the engine and on disk.</summary>
    public void Dispose()
    {
        var left = client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{DockerLabels.Agent}={agentLabel}"] = true },
            },
        }).GetAwaiter().GetResult();
        foreach (var container in left)
            client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }).GetAwaiter().GetResult();
        client.Dispose();
        Directory.Delete(workDirectory, recursive: true);
    }

    private ContainerLaunchSpec Spec()
    {
        var containerId = Guid.NewGuid().ToString("N");
        return new ContainerLaunchSpec
        {
            ContainerId = containerId,
            FrameworkId = "benchmark",
            TaskId = containerId,
            Executable = "true",
            SandboxDirectory = Path.Combine(workDirectory, containerId),
            Cpus = 0.1,
            MemoryMegabytes = 32,
            Docker = new DockerLaunchSpec { Image = image, Network = DockerNetwork.None },
        };
    }
}
