using System.Collections.Concurrent;
using Scheduler.Framework;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Integration.Tests.Load;

/// <summary>
/// One of the load test's frameworks: while <see cref="Launching"/>, it launches a small task on about half of its
/// offers and declines the rest; afterwards it declines everything. It counts every terminal update per task.
/// </summary>
public sealed class LoadFramework(int index) : IScheduler
{
    private static readonly ResourceSet TaskResources = ResourceSet.Parse("cpus:0.1;mem:16");
    private static readonly Filters ShortRefusal = new() { RefuseSeconds = 0.5 };
    private readonly ConcurrentDictionary<string, int> _terminalUpdates = new();
    private readonly ConcurrentDictionary<string, byte> _launched = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextTask;
    private long _calls;

    private volatile bool _launching = true;

    /// <summary>Whether offers are still used for tasks; once false, every offer is declined.</summary>
    public bool Launching { get => _launching; set => _launching = value; }

    public Task Subscribed => _subscribed.Task;
    public long Calls => Interlocked.Read(ref _calls);
    public IReadOnlyList<string> LaunchedTaskIds => _launched.Keys.ToList();
    public IReadOnlyDictionary<string, int> TerminalUpdates => _terminalUpdates;
    public string? Error { get; private set; }

    Task IScheduler.Subscribed(ISchedulerDriver driver, FrameworkID frameworkId)
    {
        _subscribed.TrySetResult();
        return Task.CompletedTask;
    }

    public async Task ResourceOffers(ISchedulerDriver driver, IReadOnlyList<Offer> offers)
    {
        foreach (var offer in offers)
        {
            Interlocked.Increment(ref _calls);
            var offered = ResourceSet.FromProto(offer.Resources);
            if (!Launching || Random.Shared.Next(2) == 0 || !offered.Unallocate().Contains(TaskResources))
            {
                await driver.DeclineAsync([offer.Id], ShortRefusal);
                continue;
            }
            var taskId = $"load-{index}-{Interlocked.Increment(ref _nextTask)}";
            var task = new TaskInfo
            {
                Name = taskId, TaskId = new TaskID { Value = taskId }, AgentId = offer.AgentId,
                Command = new CommandInfo { Shell = true, Value = "true" },
            };
            task.Resources.AddRange(TaskResources.Allocate(offer.AllocationInfo?.Role ?? "*").ToProto());
            _launched[taskId] = 0;
            await driver.LaunchAsync(offer.Id, [task], ShortRefusal);
        }
    }

    public Task StatusUpdate(ISchedulerDriver driver, TaskStatus status)
    {
        Interlocked.Increment(ref _calls);
        if (status.State is TaskState.TaskFinished or TaskState.TaskFailed or TaskState.TaskKilled or TaskState.TaskError
            or TaskState.TaskLost or TaskState.TaskDropped or TaskState.TaskGone)
            _terminalUpdates.AddOrUpdate(status.TaskId.Value, 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }

    Task IScheduler.Error(ISchedulerDriver driver, string message)
    {
        Error = message;
        _subscribed.TrySetException(new InvalidOperationException(message));
        return Task.CompletedTask;
    }

    /// <summary>Tasks launched that have not had a terminal update yet.</summary>
    public int Unfinished => _launched.Keys.Count(id => !_terminalUpdates.ContainsKey(id));
}
