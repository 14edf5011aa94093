using Docker.DotNet;
using Docker.DotNet.Models;
using NLog;
using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Docker;

/// <summary>
/// A started Docker container: its output is streamed into the sandbox while it runs; once it has stopped,
/// its end is read from the engine and the container is removed.
/// </summary>
public sealed class DockerRunningContainer : IRunningContainer
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly IDockerClient client;
    private readonly string dockerId;
    private readonly long memoryLimitBytes;
    private readonly Action<DockerRunningContainer> onTerminated;
    private readonly TaskCompletionSource<ContainerTermination> termination =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DockerRunningContainer(IDockerClient client, string containerId, string dockerId, int pid, long memoryLimitBytes,
        Action<DockerRunningContainer> onTerminated)
    {
        this.client = client;
        ContainerId = containerId;
        this.dockerId = dockerId;
        Pid = pid;
        this.memoryLimitBytes = memoryLimitBytes;
        this.onTerminated = onTerminated;
    }

    public string ContainerId { get; }

    /// <summary>The engine's id of the container.</summary>
    public string DockerId => dockerId;

    public int Pid { get; }
    public Task<ContainerTermination> Termination => termination.Task;

    /// <summary>Follows a started container until it stops; <paramref name="onTerminated"/> runs just before
    /// <see cref="Termination"/> completes.</summary>
    internal static DockerRunningContainer Watch(IDockerClient client, ContainerLaunchSpec spec, string dockerId, int pid,
        long memoryLimitBytes, Action<DockerRunningContainer> onTerminated)
    {
        var container = new DockerRunningContainer(client, spec.ContainerId, dockerId, pid, memoryLimitBytes, onTerminated);
        var output = container.StreamOutputAsync(spec.StdoutPath, spec.StderrPath);
        _ = container.CompleteAfterExitAsync(output);
        return container;
    }

    /// <summary>Stops the container (SIGTERM, then SIGKILL after the grace period) and waits for its end.</summary>
    public async Task KillAsync(TimeSpan gracePeriod)
    {
        if (Termination.IsCompleted)
            return;
        Log.Info("Stopping Docker container {0} with a grace period of {1}", ContainerId, gracePeriod);
        var seconds = (uint)Math.Ceiling(Math.Max(0, gracePeriod.TotalSeconds));
        // The engine takes a stop timeout of 0 as "use the container's default", so no grace means a kill at once.
        if (seconds > 0)
            await StopAsync(seconds, gracePeriod).ConfigureAwait(false);
        if (!Termination.IsCompleted)
        {
            try
            {
                using var timeout = new CancellationTokenSource(RequestTimeout);
                await client.Containers.KillContainerAsync(dockerId, new ContainerKillParameters { Signal = "KILL" }, timeout.Token)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is DockerApiException or OperationCanceledException or HttpRequestException)
            {
                Log.Debug("Killing Docker container {0}: {1}", ContainerId, e.Message);
            }
        }
        await Termination.ConfigureAwait(false);
    }

    private async Task StopAsync(uint seconds, TimeSpan gracePeriod)
    {
        try
        {
            using var timeout = new CancellationTokenSource(gracePeriod + RequestTimeout);
            await client.Containers.StopContainerAsync(dockerId, new ContainerStopParameters { WaitBeforeKillSeconds = seconds },
                timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerApiException or OperationCanceledException or HttpRequestException)
        {
            Log.Warn("Stopping Docker container {0} failed ({1}); killing it", ContainerId, e.Message);
        }
    }

    public ContainerUsage Usage() => new(DateTimeOffset.UtcNow, null, null, null, memoryLimitBytes, null);

    private async Task StreamOutputAsync(string stdoutPath, string stderrPath)
    {
        try
        {
            using var stream = await client.Containers.GetContainerLogsAsync(dockerId, false,
                new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true }, CancellationToken.None)
                .ConfigureAwait(false);
            // Unbuffered appends: each chunk reaches the file as it arrives, for followers of the sandbox files.
            await using var stdout = new FileStream(stdoutPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1);
            await using var stderr = new FileStream(stderrPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1);
            await stream.CopyOutputToAsync(Stream.Null, stdout, stderr, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.Warn(e, "Lost the output of Docker container {0}", ContainerId);
        }
    }

    private async Task CompleteAfterExitAsync(Task output)
    {
        ContainerTermination result;
        try
        {
            await client.Containers.WaitContainerAsync(dockerId, CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAny(output, Task.Delay(OutputDrainTimeout)).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(RequestTimeout);
            var inspected = await client.Containers.InspectContainerAsync(dockerId, timeout.Token).ConfigureAwait(false);
            result = Describe(inspected.State, memoryLimitBytes);
        }
        catch (Exception e)
        {
            Log.Error(e, "Lost track of Docker container {0}", ContainerId);
            result = new ContainerTermination(null, null, false, "Lost track of the Docker container: " + e.Message);
        }

        await RemoveAsync(client, dockerId, ContainerId).ConfigureAwait(false);
        Log.Info("Docker container {0} terminated: {1}", ContainerId, result.Message);
        try
        {
            onTerminated(this);
        }
        finally
        {
            termination.TrySetResult(result);
        }
    }

    internal static async Task RemoveAsync(IDockerClient client, string dockerId, string containerId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(RequestTimeout);
            await client.Containers.RemoveContainerAsync(dockerId, new ContainerRemoveParameters { Force = true, RemoveVolumes = true },
                timeout.Token).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (Exception e)
        {
            Log.Error(e, "Failed to remove Docker container {0}", containerId);
        }
    }

    /// <summary>The engine reports a main process killed by a signal as 128 plus the signal, like a shell.</summary>
    internal static ContainerTermination Describe(ContainerState state, long memoryLimitBytes)
    {
        var exitCode = (int)state.ExitCode;
        if (state.OOMKilled)
            return ContainerTermination.MemoryLimitExceeded(exitCode, null, memoryLimitBytes, null);
        return exitCode is > 128 and <= 128 + 64
            ? ContainerTermination.Signaled(exitCode - 128)
            : ContainerTermination.Exited(exitCode);
    }
}
