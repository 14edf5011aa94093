using NLog;
using Scheduler.Protocol;
using Scheduler.Agent.Tasks;
using Scheduler.Framework;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using Scheduler.Resources;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Cli.Run;

/// <summary>
/// The framework behind <c>sched run</c>: launches one task on the first offer that fits, follows its output,
/// and ends with its terminal status. Other offers are declined.
/// </summary>
public sealed class OneTaskScheduler : IScheduler
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly Filters DeclineFilter = new() { RefuseSeconds = 60 };
    private readonly RunRequest _request;
    private readonly ResourceSet _wanted;
    private readonly TaskOutputSink _output;
    private readonly TaskCompletionSource<RunOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _launched;

    public OneTaskScheduler(RunRequest request, TaskOutputSink output)
    {
        _request = request;
        _output = output;
        _wanted = ResourceSet.Parse(FormattableString.Invariant($"cpus:{request.Cpus};mem:{request.MemoryMegabytes}"));
        TaskId = $"run-{Guid.NewGuid():N}"[..16];
    }

    public string TaskId { get; }
    public Task<RunOutcome> Outcome => _outcome.Task;
    public bool Launched => _launched;
    public Task Subscription => _subscribed.Task;

    public Task Subscribed(ISchedulerDriver driver, FrameworkID frameworkId)
    {
        Log.Info("Subscribed as framework {0}", frameworkId.Value);
        _subscribed.TrySetResult();
        return Task.CompletedTask;
    }

    public async Task ResourceOffers(ISchedulerDriver driver, IReadOnlyList<Offer> offers)
    {
        foreach (var offer in offers)
        {
            var offered = ResourceSet.FromProto(offer.Resources);
            var role = offer.AllocationInfo?.Role ?? "*";
            var wanted = _wanted.Allocate(role);
            if (_launched || !offered.Contains(wanted))
            {
                if (!_launched) Log.Info("Offer {0} ({1}) is too small for {2}", offer.Id.Value, offered, _wanted);
                await driver.DeclineAsync([offer.Id], DeclineFilter);
                continue;
            }
            _launched = true;
            var task = TaskInfoFor(offer.AgentId, wanted);
            Log.Info("Launching {0} on agent {1}", TaskId, offer.AgentId.Value);
            _output.Start(offer, driver.FrameworkId!.Value, TaskId);
            await driver.LaunchAsync(offer.Id, [task], DeclineFilter);
        }
    }

    public Task StatusUpdate(ISchedulerDriver driver, TaskStatus status)
    {
        if (status.TaskId.Value != TaskId) return Task.CompletedTask;
        Log.Info("Task {0} is {1}{2}", TaskId, status.State, status.HasMessage ? $": {status.Message}" : "");
        if (TaskStates.IsTerminal(status.State)) _outcome.TrySetResult(TaskOutcomes.From(status));
        return Task.CompletedTask;
    }

    public Task Error(ISchedulerDriver driver, string message)
    {
        _outcome.TrySetResult(new RunOutcome(1, $"The master refused the framework: {message}"));
        return Task.CompletedTask;
    }

    private TaskInfo TaskInfoFor(AgentID agentId, ResourceSet resources)
    {
        var command = new CommandInfo();
        if (_request.UsesShell)
        {
            command.Shell = true;
            command.Value = _request.Command[0];
        }
        else
        {
            command.Shell = false;
            command.Value = _request.Command[0];
            command.Arguments.AddRange(_request.Command);
        }
        command.Uris.AddRange(_request.Uris.Select(uri => new CommandInfo.Types.URI { Value = uri }));
        var task = new TaskInfo
        {
            Name = _request.Name ?? string.Join(' ', _request.Command),
            TaskId = new TaskID { Value = TaskId },
            AgentId = agentId,
            Command = command,
        };
        task.Resources.AddRange(resources.ToProto());
        if (_request.DockerImage is { } image)
        {
            task.Container = new ContainerInfo
            {
                Type = ContainerInfo.Types.Type.Docker,
                Docker = new ContainerInfo.Types.DockerInfo { Image = image, Network = ContainerInfo.Types.DockerInfo.Types.Network.Host },
            };
        }
        return task;
    }
}
