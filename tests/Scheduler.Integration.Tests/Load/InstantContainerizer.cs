using Scheduler.Agent.Containers;

namespace Scheduler.Integration.Tests.Load;

/// <summary>
/// A containerizer whose containers run nothing and exit 0 after a short random time, so that a real agent launches,
/// finishes and reports tasks (status updates, checkpoints, acknowledgements) as fast as the master lets it.
/// </summary>
public sealed class InstantContainerizer(TimeSpan shortest, TimeSpan longest) : IContainerizer
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IRunningContainer> _running = new();
    private int _nextPid = 100_000;

    public IReadOnlyCollection<IRunningContainer> Running { get { lock (_gate) return _running.Values.ToList(); } }

    public Task<IRunningContainer> LaunchAsync(ContainerLaunchSpec spec, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(spec.SandboxDirectory);
        var lifetime = shortest + (longest - shortest) * Random.Shared.NextDouble();
        var container = new InstantContainer(spec.ContainerId, Interlocked.Increment(ref _nextPid), lifetime);
        lock (_gate) _running[spec.ContainerId] = container;
        container.Termination.ContinueWith(_ => { lock (_gate) _running.Remove(spec.ContainerId); }, TaskScheduler.Default);
        return Task.FromResult<IRunningContainer>(container);
    }

    public Task<IReadOnlyList<string>> CleanupOrphansAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    private sealed class InstantContainer : IRunningContainer
    {
        private readonly TaskCompletionSource<ContainerTermination> _termination = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Timer _exit;

        public InstantContainer(string containerId, int pid, TimeSpan lifetime)
        {
            ContainerId = containerId;
            Pid = pid;
            _exit = new Timer(_ => _termination.TrySetResult(ContainerTermination.Exited(0)), null, lifetime, Timeout.InfiniteTimeSpan);
        }

        public string ContainerId { get; }
        public int Pid { get; }
        public Task<ContainerTermination> Termination => _termination.Task;

        public Task KillAsync(TimeSpan gracePeriod)
        {
            _exit.Dispose();
            _termination.TrySetResult(ContainerTermination.Signaled(15));
            return Termination;
        }

        public ContainerUsage Usage() => new(DateTimeOffset.UtcNow, TimeSpan.Zero, 0, 0, null, 0);
    }
}
