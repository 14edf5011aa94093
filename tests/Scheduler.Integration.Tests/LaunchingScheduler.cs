using Scheduler.Framework;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using Scheduler.Resources;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Integration.Tests;

/// <summary>A test framework: launches one shell command on the first offer and records every status it gets.</summary>
public sealed class LaunchingScheduler(string shellCommand, string resources) : IScheduler
{
    private readonly TaskCompletionSource<TaskStatus> _terminal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<TaskStatus> _statuses = [];
    private bool _launched;

    public string TaskId { get; } = $"task-{Guid.NewGuid():N}"[..13];
    public string? FrameworkId { get; private set; }
    public Task<TaskStatus> Terminal => _terminal.Task;
    public IReadOnlyList<TaskState> States { get { lock (_statuses) return _statuses.Select(s => s.State).ToList(); } }
    public IReadOnlyList<TaskStatus> Statuses { get { lock (_statuses) return _statuses.ToList(); } }

    public Task Subscribed(ISchedulerDriver driver, FrameworkID frameworkId)
    {
        FrameworkId = frameworkId.Value;
        return Task.CompletedTask;
    }

    public async Task ResourceOffers(ISchedulerDriver driver, IReadOnlyList<Offer> offers)
    {
        foreach (var offer in offers)
        {
            if (_launched)
            {
                await driver.DeclineAsync([offer.Id]);
                continue;
            }
            _launched = true;
            var task = new TaskInfo
            {
                Name = "test", TaskId = new TaskID { Value = TaskId }, AgentId = offer.AgentId,
                Command = new CommandInfo { Shell = true, Value = shellCommand },
            };
            task.Resources.AddRange(ResourceSet.Parse(resources).Allocate(offer.AllocationInfo?.Role ?? "*").ToProto());
            await driver.LaunchAsync(offer.Id, [task]);
        }
    }

    public Task StatusUpdate(ISchedulerDriver driver, TaskStatus status)
    {
        lock (_statuses) _statuses.Add(status);
        if (status.State is TaskState.TaskFinished or TaskState.TaskFailed or TaskState.TaskKilled
            or TaskState.TaskError or TaskState.TaskLost or TaskState.TaskDropped)
            _terminal.TrySetResult(status);
        return Task.CompletedTask;
    }

    public Task Error(ISchedulerDriver driver, string message)
    {
        _terminal.TrySetException(new InvalidOperationException(message));
        return Task.CompletedTask;
    }
}
