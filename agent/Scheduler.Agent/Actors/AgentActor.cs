using Akka.Actor;
using Akka.Event;
using Scheduler.Protocol;
using Scheduler.Agent.Containers;
using Scheduler.Agent.StatusUpdates;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Agent.Actors;

/// <summary>
/// The agent: registers with the leading master, runs the tasks it is sent in containers, and sends
/// their status updates until the framework acknowledges them. Decisions live in the classes it calls.
/// </summary>
public sealed class AgentActor : ReceiveActor, IWithTimers
{
    private readonly AgentSettings _settings;
    private readonly AgentInfo _info;
    private readonly IActorRef _masterProxy;
    private readonly IContainerizer _containerizer;
    private readonly StatusUpdateManager<(string Framework, string Task), StatusUpdateReported> _updates = new(
        SystemClock.Instance,
        update => (update.FrameworkId.Value, update.Status.TaskId.Value),
        update => new Guid(update.Status.Uuid.Span),
        update => TaskStates.IsTerminal(update.Status.State));
    private readonly Dictionary<(string Framework, string Task), AgentTask> _tasks = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef? _master;

    public AgentActor(AgentSettings settings, AgentInfo info, IActorRef masterProxy, IContainerizer containerizer)
    {
        _settings = settings;
        _info = info;
        _masterProxy = masterProxy;
        _containerizer = containerizer;

        Receive<TryRegister>(_ => Register());
        Receive<AgentRegistered>(registered =>
        {
            _info.Id = registered.AgentId;
            Connected(Sender);
            _log.Info("Registered with master {0} as agent {1}", Sender.Path, registered.AgentId.Value);
        });
        Receive<AgentReregistered>(_ =>
        {
            Connected(Sender);
            _log.Info("Re-registered with master {0}", Sender.Path);
        });
        Receive<Terminated>(terminated =>
        {
            if (!terminated.ActorRef.Equals(_master)) return;
            _log.Warning("Lost the master; registering again");
            _master = null;
            Timers.StartPeriodicTimer("register", TryRegister.Instance, TimeSpan.Zero, _settings.RegistrationRetry);
        });
        Receive<RunTask>(Launch);
        Receive<KillTask>(kill => Kill(kill.FrameworkId.Value, kill.TaskId.Value, kill.KillPolicy));
        Receive<ShutdownFramework>(shutdown =>
        {
            foreach (var task in _tasks.Values.Where(t => t.FrameworkId == shutdown.FrameworkId.Value).ToList())
                Kill(task.FrameworkId, task.TaskId, null);
        });
        Receive<AcknowledgeStatusUpdate>(ack =>
        {
            if (ack.Uuid.Length != 16) return;
            var result = _updates.Acknowledge((ack.FrameworkId.Value, ack.TaskId.Value), new Guid(ack.Uuid.Span));
            if (result.Next is not null) Send(result.Next);
        });
        Receive<ContainerStarted>(started =>
        {
            if (!_tasks.TryGetValue(started.Key, out var task)) return;
            task.Container = started.Container;
            Report(task, TaskStatusBuilder.Create(_info.Id.Value, task.TaskId, TaskState.TaskRunning));
            var key = started.Key;
            started.Container.Termination.PipeTo(Self, success: t => new ContainerEnded(key, t));
            if (task.KillRequested) _ = started.Container.KillAsync(_settings.DefaultKillGracePeriod);
        });
        Receive<ContainerFailedToStart>(failed =>
        {
            if (!_tasks.Remove(failed.Key, out var task)) return;
            Report(task, TaskStatusBuilder.Create(_info.Id.Value, task.TaskId, TaskState.TaskFailed,
                $"Failed to launch container: {failed.Error}", TaskStatus.Types.Reason.ContainerLaunchFailed));
        });
        Receive<ContainerEnded>(ended =>
        {
            if (!_tasks.Remove(ended.Key, out var task)) return;
            Report(task, TaskStatusBuilder.Terminated(_info.Id.Value, task.TaskId, ended.Termination, task.KillRequested));
        });
        Receive<RetryStatusUpdates>(_ =>
        {
            foreach (var update in _updates.DueForRetry()) Send(update);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AgentSettings settings, AgentInfo info, IActorRef masterProxy, IContainerizer containerizer) =>
        Akka.Actor.Props.Create(() => new AgentActor(settings, info, masterProxy, containerizer));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("register", TryRegister.Instance, TimeSpan.Zero, _settings.RegistrationRetry);
        Timers.StartPeriodicTimer("retry-updates", RetryStatusUpdates.Instance, TimeSpan.FromSeconds(1));
    }

    protected override void PostStop()
    {
        foreach (var task in _tasks.Values) _ = task.Container?.KillAsync(TimeSpan.Zero);
    }

    private void Register()
    {
        if (_master is not null) return;
        if (_info.Id is null)
        {
            _masterProxy.Tell(new RegisterAgent { AgentInfo = _info, Version = _settings.Version });
            return;
        }
        var reregister = new ReregisterAgent { AgentInfo = _info, Version = _settings.Version };
        reregister.Tasks.AddRange(_tasks.Values.Select(t => t.ToTask(_info.Id.Value)));
        _masterProxy.Tell(reregister);
    }

    private void Connected(IActorRef master)
    {
        Timers.Cancel("register");
        if (_master is not null) Context.Unwatch(_master);
        _master = master;
        Context.Watch(master);
        foreach (var update in _updates.ResendAll()) Send(update);
    }

    private void Launch(RunTask run)
    {
        var frameworkId = run.Framework.Id.Value;
        var taskId = run.Task.TaskId.Value;
        var key = (frameworkId, taskId);
        if (_tasks.ContainsKey(key))
        {
            _log.Warning("Ignoring a second launch of task {0} of framework {1}", taskId, frameworkId);
            return;
        }
        string sandbox;
        ContainerLaunchSpec spec;
        try
        {
            sandbox = SandboxLayout.For(_settings.WorkDirectory, frameworkId, taskId);
            spec = LaunchSpecBuilder.Build(run.Framework.Id, run.Task, sandbox);
        }
        catch (ArgumentException e)
        {
            var invalid = TaskStatusBuilder.Create(_info.Id.Value, taskId, TaskState.TaskFailed,
                $"Cannot launch task: {e.Message}", TaskStatus.Types.Reason.ContainerLaunchFailed);
            Enqueue(frameworkId, invalid);
            return;
        }

        var task = new AgentTask(run.Framework, run.Task, sandbox);
        _tasks[key] = task;
        _log.Info("Launching task {0} of framework {1} in {2}", taskId, frameworkId, sandbox);
        Report(task, TaskStatusBuilder.Create(_info.Id.Value, taskId, TaskState.TaskStarting));
        _containerizer.LaunchAsync(spec).PipeTo(Self,
            success: container => new ContainerStarted(key, container),
            failure: error => new ContainerFailedToStart(key, error.GetBaseException().Message));
    }

    private void Kill(string frameworkId, string taskId, KillPolicy? policy)
    {
        if (!_tasks.TryGetValue((frameworkId, taskId), out var task))
        {
            _log.Warning("Asked to kill unknown task {0} of framework {1}", taskId, frameworkId);
            return;
        }
        task.KillRequested = true;
        var grace = policy?.GracePeriod is { } g ? TimeSpan.FromTicks(g.Nanoseconds / 100) : _settings.DefaultKillGracePeriod;
        if (task.Container is not null) _ = task.Container.KillAsync(grace);
    }

    private void Report(AgentTask task, TaskStatus status)
    {
        task.State = status.State;
        Enqueue(task.FrameworkId, status);
    }

    private void Enqueue(string frameworkId, TaskStatus status)
    {
        var update = new StatusUpdateReported { FrameworkId = new FrameworkID { Value = frameworkId }, Status = status };
        if (_updates.Enqueue(update)) Send(update);
    }

    private void Send(StatusUpdateReported update)
    {
        (_master ?? _masterProxy).Tell(update);
    }

    private sealed record TryRegister
    {
        public static readonly TryRegister Instance = new();
    }

    private sealed record RetryStatusUpdates
    {
        public static readonly RetryStatusUpdates Instance = new();
    }

    private sealed record ContainerStarted((string, string) Key, IRunningContainer Container);

    private sealed record ContainerFailedToStart((string, string) Key, string Error);

    private sealed record ContainerEnded((string, string) Key, ContainerTermination Termination);
}
