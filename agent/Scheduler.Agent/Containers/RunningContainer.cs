using NLog;

namespace Scheduler.Agent.Containers;

internal sealed class RunningContainer : IRunningContainer
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    private readonly ICgroups cgroups;
    private readonly TaskCompletionSource<ContainerTermination> termination =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<RunningContainer> onTerminated;
    private ContainerUsage? finalUsage;

    private RunningContainer(string containerId, int pid, ICgroups cgroups, Action<RunningContainer> onTerminated)
    {
        ContainerId = containerId;
        Pid = pid;
        this.cgroups = cgroups;
        this.onTerminated = onTerminated;
    }

    public string ContainerId { get; }

    /// <summary>Pid of the task's command, the leader of its process group (its supervisor leads the session).</summary>
    public int Pid { get; }

    public Task<ContainerTermination> Termination => termination.Task;

    /// <summary>Starts watching a supervisor this process spawned: reaps it, then reads the outcome it recorded.
    /// <paramref name="onTerminated"/> runs just before <see cref="Termination"/> completes.</summary>
    public static RunningContainer Watch(string containerId, int supervisorPid, int commandPid, ICgroups cgroups,
        ContainerRuntimeDirectory runtime, Action<RunningContainer> onTerminated)
    {
        var container = new RunningContainer(containerId, commandPid, cgroups, onTerminated);
        var exited = Task.Factory.StartNew(
            () =>
            {
                var supervisor = ProcessSpawner.WaitForExit(supervisorPid);
                return runtime.ReadStatus(containerId) ?? throw new InvalidOperationException(
                    $"its supervisor ended ({Describe(supervisor)}) without recording the command's exit status");
            },
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _ = container.CompleteAfterExitAsync(exited);
        return container;
    }

    /// <summary>Watches a supervisor an earlier agent process spawned, which this one cannot wait for: polls until
    /// the outcome is recorded or the supervisor is gone.</summary>
    public static RunningContainer Reattach(string containerId, int supervisorPid, long supervisorStartTime, int commandPid,
        ICgroups cgroups, ContainerRuntimeDirectory runtime, TimeSpan pollInterval, Action<RunningContainer> onTerminated)
    {
        var container = new RunningContainer(containerId, commandPid, cgroups, onTerminated);
        _ = container.CompleteAfterExitAsync(PollForStatusAsync(containerId, supervisorPid, supervisorStartTime, runtime, pollInterval));
        return container;
    }

    private static async Task<WaitStatus> PollForStatusAsync(string containerId, int pid, long startTime, ContainerRuntimeDirectory runtime,
        TimeSpan pollInterval)
    {
        while (true)
        {
            if (runtime.ReadStatus(containerId) is { } status)
                return status;
            if (!ProcessIdentity.IsAlive(pid, startTime))
                // The supervisor may have recorded the outcome just before it ended.
                return runtime.ReadStatus(containerId)
                       ?? throw new InvalidOperationException("its supervisor ended without recording the command's exit status");
            await Task.Delay(pollInterval).ConfigureAwait(false);
        }
    }

    private static string Describe(WaitStatus status) =>
        status.Signal is { } signal ? $"signal {signal}" : $"status {status.ExitCode}";

    public async Task KillAsync(TimeSpan gracePeriod)
    {
        if (Termination.IsCompleted)
            return;
        Log.Info("Killing container {0} (pid {1}) with a grace period of {2}", ContainerId, Pid, gracePeriod);
        if (NativeMethods.Kill(-Pid, NativeMethods.SignalTerm) != 0)
            NativeMethods.Kill(Pid, NativeMethods.SignalTerm);

        if (gracePeriod > TimeSpan.Zero)
            await Task.WhenAny(Termination, Task.Delay(gracePeriod)).ConfigureAwait(false);
        if (!Termination.IsCompleted)
        {
            Log.Info("Container {0} outlived its grace period; killing all its processes", ContainerId);
            await cgroups.KillAllAsync(ContainerId).ConfigureAwait(false);
        }
        await Termination.ConfigureAwait(false);
    }

    public ContainerUsage Usage() =>
        finalUsage ?? cgroups.ReadUsage(ContainerId);

    private async Task CompleteAfterExitAsync(Task<WaitStatus> exited)
    {
        ContainerTermination result;
        try
        {
            var status = await exited.ConfigureAwait(false);
            var memory = cgroups.ReadMemoryReport(ContainerId);
            finalUsage = cgroups.ReadUsage(ContainerId);
            result = Describe(status, memory);
        }
        catch (Exception e)
        {
            Log.Error(e, "Lost track of the process of container {0}", ContainerId);
            result = ContainerTermination.Unknown("Lost track of the command: " + e.Message);
        }

        try
        {
            // Whatever the main process left behind (daemons, children) dies with it.
            await cgroups.KillAllAsync(ContainerId).ConfigureAwait(false);
            await cgroups.DestroyAsync(ContainerId).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.Error(e, "Failed to clean up the cgroups of container {0}", ContainerId);
        }

        Log.Info("Container {0} terminated: {1}", ContainerId, result.Message);
        try
        {
            onTerminated(this);
        }
        finally
        {
            termination.TrySetResult(result);
        }
    }

    internal static ContainerTermination Describe(WaitStatus status, CgroupMemoryReport memory)
    {
        var oomKilled = memory.OomKilled ?? (memory.LimitReached && status.Signal == NativeMethods.SignalKill);
        if (oomKilled)
            return ContainerTermination.MemoryLimitExceeded(status.ExitCode, status.Signal, memory.LimitBytes, memory.MaxUsedBytes);
        return status.Signal is { } signal
            ? ContainerTermination.Signaled(signal)
            : ContainerTermination.Exited(status.ExitCode ?? -1);
    }
}
