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
    /// <see cref="Termination"/> completes. Once <paramref name="detached"/> is cancelled the container is left as it
    /// is, for a later agent to recover, and <see cref="Termination"/> never completes.</summary>
    internal static DockerRunningContainer Watch(IDockerClient client, ContainerLaunchSpec spec, string dockerId, int pid,
        long memoryLimitBytes, Action<DockerRunningContainer> onTerminated, CancellationToken detached) =>
        Follow(client, spec.ContainerId, dockerId, pid, memoryLimitBytes, spec.SandboxDirectory, resume: false, onTerminated, detached);

    /// <summary>Follows a container an earlier agent process started, appending to its sandbox files only the output
    /// they do not hold yet. Without a sandbox its output is not copied.</summary>
    internal static DockerRunningContainer Reattach(IDockerClient client, string containerId, string dockerId, int pid,
        long memoryLimitBytes, string? sandbox, Action<DockerRunningContainer> onTerminated, CancellationToken detached) =>
        Follow(client, containerId, dockerId, pid, memoryLimitBytes, sandbox, resume: true, onTerminated, detached);

    private static DockerRunningContainer Follow(IDockerClient client, string containerId, string dockerId, int pid,
        long memoryLimitBytes, string? sandbox, bool resume, Action<DockerRunningContainer> onTerminated, CancellationToken detached)
    {
        var container = new DockerRunningContainer(client, containerId, dockerId, pid, memoryLimitBytes, onTerminated);
        var output = sandbox is null ? Task.CompletedTask : CopyOutputAsync(client, dockerId, containerId, sandbox, resume, detached);
        _ = container.CompleteAfterExitAsync(output, detached);
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

    /// <summary>
    /// Appends the container's output to the sandbox's <c>stdout</c> and <c>stderr</c> as the engine produces it, until
    /// the container has stopped and its output is drained. With <paramref name="resume"/>, the output already in the
    /// files (copied by an earlier agent process, always a prefix of the engine's log) is read again and skipped.
    /// </summary>
    internal static async Task CopyOutputAsync(IDockerClient client, string dockerId, string containerId, string sandbox, bool resume,
        CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await client.Containers.GetContainerLogsAsync(dockerId, false,
                new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true }, cancellationToken)
                .ConfigureAwait(false);
            // Unbuffered appends: each chunk reaches the file as it arrives, for followers of the sandbox files.
            await using var stdout = new FileStream(Path.Combine(sandbox, "stdout"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1);
            await using var stderr = new FileStream(Path.Combine(sandbox, "stderr"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1);
            await using var newStdout = new SkippingStream(stdout, resume ? stdout.Length : 0);
            await using var newStderr = new SkippingStream(stderr, resume ? stderr.Length : 0);
            await stream.CopyOutputToAsync(Stream.Null, newStdout, newStderr, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.Warn(e, "Lost the output of Docker container {0}", containerId);
        }
    }

    private async Task CompleteAfterExitAsync(Task output, CancellationToken detached)
    {
        ContainerTermination result;
        try
        {
            await client.Containers.WaitContainerAsync(dockerId, detached).ConfigureAwait(false);
            await Task.WhenAny(output, Task.Delay(OutputDrainTimeout, detached)).ConfigureAwait(false);
            detached.ThrowIfCancellationRequested();
            using var timeout = new CancellationTokenSource(RequestTimeout);
            var inspected = await client.Containers.InspectContainerAsync(dockerId, timeout.Token).ConfigureAwait(false);
            result = Describe(inspected.State, memoryLimitBytes);
        }
        catch (Exception) when (detached.IsCancellationRequested)
        {
            Log.Info("Left Docker container {0} running for the next agent to recover", ContainerId);
            return;
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
