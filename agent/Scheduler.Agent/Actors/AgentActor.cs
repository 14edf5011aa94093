using Akka.Actor;
using Akka.Event;
using Scheduler.Protocol;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Fetching;
using Scheduler.Agent.GarbageCollection;
using Scheduler.Agent.Health;
using Scheduler.Agent.Http;
using Scheduler.Agent.Recovery;
using Scheduler.Agent.StatusUpdates;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Security;
using Scheduler.Protocol.V1;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Agent.Actors;

/// <summary>
/// The agent: recovers what an earlier agent process checkpointed, registers with the leading master, runs the
/// tasks it is sent in containers, and sends their status updates until the framework acknowledges them.
/// Tasks and updates are checkpointed under the work directory. Decisions live in the classes it calls.
/// </summary>
public sealed class AgentActor : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    private readonly AgentSettings _settings;
    private readonly AgentInfo _info;
    private readonly IActorRef _masterProxy;
    private readonly IContainerizer _containerizer;
    private readonly UriFetcher _fetcher;
    private readonly StatusUpdateManager<(string Framework, string Task), StatusUpdateReported> _updates = new(
        SystemClock.Instance,
        update => (update.FrameworkId.Value, update.Status.TaskId.Value),
        update => new Guid(update.Status.Uuid.Span),
        update => TaskStates.IsTerminal(update.Status.State));
    private readonly Dictionary<(string Framework, string Task), AgentTask> _tasks = new();
    // Ended tasks whose terminal update is not yet acknowledged; a (re-)registration reports them, as Mesos's terminated tasks.
    private readonly Dictionary<(string Framework, string Task), AgentTask> _terminated = new();
    private readonly Dictionary<(string Framework, string Task), string> _containerIds = new();
    private readonly Dictionary<(string Framework, string Task), IActorRef> _healthChecks = new();
    private readonly Dictionary<(string Framework, string Task), CancellationTokenSource> _fetches = new();
    private readonly AgentCheckpoint _checkpoint;
    private readonly SandboxGarbageCollector _sandboxes;
    private readonly string _bootId = BootId.Current();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Action<string>? _shutDown;
    private readonly Action<string>? _refused;
    // Why the master refused this agent's registration; set, the agent registers no more.
    private string? _refusal;
    private IActorRef? _master;
    // Why the master told this agent to shut down; set while its tasks are being killed.
    private string? _shutdownMessage;
    private IReadOnlyList<Resource> _checkpointedResources = [];

    public AgentActor(AgentSettings settings, AgentInfo info, IActorRef masterProxy, IContainerizer containerizer,
        Action<string>? shutDown = null, Action<string>? refused = null)
    {
        _settings = settings;
        _shutDown = shutDown;
        _refused = refused;
        _info = info;
        _masterProxy = masterProxy;
        _containerizer = containerizer;
        _fetcher = new UriFetcher(FetchCache.InWorkDirectory(settings.WorkDirectory, settings.FetcherCacheSizeBytes), settings.FetchTimeout);
        _checkpoint = new AgentCheckpoint(settings.WorkDirectory);
        _sandboxes = new SandboxGarbageCollector(SystemClock.Instance, new FilesystemDiskUsage(settings.WorkDirectory),
            settings.GcDelay, settings.GcDiskHeadroom, SandboxLayout.FrameworksDirectory(settings.WorkDirectory));
        Recovering();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    /// <param name="shutDown">Called with the master's reason once a <see cref="ShutdownAgent"/> killed every task and the
    /// agent stopped, so that its process can exit.</param>
    /// <param name="refused">Called with the master's reason when it refuses the agent's registration (e.g. a wrong
    /// cluster secret); the agent then stops trying, so that its process can exit with that reason.</param>
    public static Props Props(AgentSettings settings, AgentInfo info, IActorRef masterProxy, IContainerizer containerizer,
        Action<string>? shutDown = null, Action<string>? refused = null) =>
        Akka.Actor.Props.Create(() => new AgentActor(settings, info, masterProxy, containerizer, shutDown, refused));

    protected override void PreStart()
    {
        RecoverAsync().PipeTo(Self, failure: error => new RecoveryFailed(error.GetBaseException()));
    }

    private async Task<Recovered> RecoverAsync()
    {
        var state = _checkpoint.Load();
        var rebooted = state.RebootedSince(_bootId);
        var live = rebooted
            ? []
            : state.Tasks.Where(t => t.ContainerId is not null && !(t.LatestState is { } s && TaskStates.IsTerminal(s)))
                .Select(t => t.ContainerId!).ToList();
        var containers = await _containerizer.RecoverAsync(live);
        return new Recovered(state, rebooted, containers);
    }

    private void Recovering()
    {
        Receive<Recovered>(recovered =>
        {
            Restore(recovered);
            ScheduleUnknownSandboxes();
            BecomeReady();
        });
        Receive<RecoveryFailed>(failed =>
        {
            _log.Error(failed.Error, "Could not recover the agent's checkpoint; starting afresh");
            BecomeReady();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private void BecomeReady()
    {
        Become(Ready);
        Stash.UnstashAll();
        Timers.StartPeriodicTimer("register", TryRegister.Instance, TimeSpan.Zero, _settings.RegistrationRetry);
        Timers.StartPeriodicTimer("retry-updates", RetryStatusUpdates.Instance, TimeSpan.FromSeconds(1));
        Timers.StartPeriodicTimer("collect-sandboxes", CollectSandboxes.Instance, _settings.DiskWatchInterval);
    }

    private void Restore(Recovered recovered)
    {
        var (state, rebooted, containers) = recovered;
        _checkpointedResources = state.Resources;
        var previousId = state.Agent?.Id?.Value ?? "";
        if (rebooted)
            _log.Warning("The host rebooted since agent {0} checkpointed; registering as a new agent", previousId);
        else if (state.Agent?.Id is { } id)
            _info.Id = id;

        foreach (var checkpointed in state.Tasks)
        {
            var key = (checkpointed.FrameworkId, checkpointed.TaskId);
            if (checkpointed.ContainerId is { } containerId) _containerIds[key] = containerId;
            foreach (var (update, acknowledged) in checkpointed.UpdateLog)
            {
                if (update is not null) _updates.Enqueue(update);
                else _updates.Acknowledge(key, acknowledged);
            }
            if (_updates.IsClosed(key))
            {
                Forget(key);
                continue;
            }

            var task = new AgentTask(checkpointed.Framework, checkpointed.Task,
                SandboxLayout.For(_settings.WorkDirectory, checkpointed.FrameworkId, checkpointed.TaskId))
            {
                State = checkpointed.LatestState ?? TaskState.TaskStaging,
                KillRequested = checkpointed.LatestState == TaskState.TaskKilling,
            };
            var container = checkpointed.ContainerId is { } cid ? containers.GetValueOrDefault(cid) : null;
            if (TaskRecovery.StatusAfterRestart(previousId, checkpointed, rebooted, container) is { } status)
            {
                Report(task, status);
            }
            else if (container?.Running is { } running)
            {
                task.Container = running;
                _tasks[key] = task;
                running.Termination.PipeTo(Self, success: t => new ContainerEnded(key, t));
                if (!task.KillRequested) StartHealthChecks(key, task);
                _log.Info("Recovered running task {0} of framework {1}", checkpointed.TaskId, checkpointed.FrameworkId);
            }
            else if (checkpointed.LatestState is { } latest && TaskStates.IsTerminal(latest))
            {
                // Ended before the restart, its terminal update not yet acknowledged: re-registration reports it, as Mesos's
                // terminated tasks, so that the master does not take it for unknown before that update arrives.
                _terminated[key] = task;
            }
        }
    }

    private void Ready()
    {
        Receive<TryRegister>(_ => Register());
        Receive<AgentRegistered>(registered =>
        {
            _info.Id = registered.AgentId;
            _checkpoint.SaveAgent(_info, _bootId);
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
            _master = null;
            if (_shutdownMessage is not null) return;
            _log.Warning("Lost the master; registering again");
            Timers.StartPeriodicTimer("register", TryRegister.Instance, TimeSpan.Zero, _settings.RegistrationRetry);
        });
        Receive<ShutdownAgent>(ShutDown);
        Receive<AgentRegistrationRefused>(Refused);
        Receive<RunTask>(run =>
        {
            if (_shutdownMessage is null) Launch(run);
            else _log.Warning("Ignoring task {0} of framework {1}: the agent is shutting down", run.Task.TaskId.Value, run.Framework.Id.Value);
        });
        Receive<RunTaskGroup>(LaunchGroup);
        Receive<CheckpointResources>(checkpoint =>
        {
            _checkpoint.SaveResources(checkpoint);
            _checkpointedResources = checkpoint.Resources.ToList();
        });
        Receive<KillTask>(kill => Kill(kill.FrameworkId.Value, kill.TaskId.Value, kill.KillPolicy));
        Receive<ShutdownFramework>(shutdown =>
        {
            foreach (var task in _tasks.Values.Where(t => t.FrameworkId == shutdown.FrameworkId.Value).ToList())
                Kill(task.FrameworkId, task.TaskId, null);
        });
        Receive<AcknowledgeStatusUpdate>(ack =>
        {
            if (ack.Uuid.Length != 16) return;
            var key = (ack.FrameworkId.Value, ack.TaskId.Value);
            var uuid = new Guid(ack.Uuid.Span);
            var result = _updates.Acknowledge(key, uuid);
            if (!result.Accepted) return;
            if (result.StreamClosed) Forget(key);
            else if (_checkpoint.HasTask(key.Item1, key.Item2)) _checkpoint.AppendAcknowledgement(key.Item1, key.Item2, uuid);
            if (result.Next is not null) Send(result.Next);
        });
        Receive<ContainerStarted>(started =>
        {
            if (!_tasks.TryGetValue(started.Key, out var task)) return;
            task.Container = started.Container;
            Report(task, TaskStatusBuilder.Create(_info.Id.Value, task.TaskId, TaskState.TaskRunning));
            var key = started.Key;
            started.Container.Termination.PipeTo(Self, success: t => new ContainerEnded(key, t));
            if (task.KillRequested) _ = started.Container.KillAsync(task.KillGracePeriod ?? _settings.DefaultKillGracePeriod);
            else StartHealthChecks(key, task);
        });
        Receive<LaunchProgressed>(progressed =>
        {
            if (!_tasks.TryGetValue(progressed.Key, out var task) || task.Container is not null || task.KillRequested) return;
            Report(task, TaskStatusBuilder.Create(_info.Id.Value, task.TaskId, TaskState.TaskStarting, progressed.Message));
        });
        Receive<Fetched>(fetched =>
        {
            if (_fetches.Remove(fetched.Key, out var fetch)) fetch.Dispose();
            if (!_tasks.TryGetValue(fetched.Key, out var task)) return;
            if (!task.KillRequested)
            {
                StartContainer(fetched.Key, fetched.Spec);
                return;
            }
            _tasks.Remove(fetched.Key);
            Report(task, TaskStatusBuilder.Create(_info.Id.Value, task.TaskId, TaskState.TaskKilled, "Killed before the command started"));
        });
        Receive<FetchFailed>(failed =>
        {
            if (_fetches.Remove(failed.Key, out var fetch)) fetch.Dispose();
            if (!_tasks.Remove(failed.Key, out var task)) return;
            Report(task, task.KillRequested
                ? TaskStatusBuilder.Create(_info.Id.Value, task.TaskId, TaskState.TaskKilled, "Killed before the command started")
                : TaskStatusBuilder.Create(_info.Id.Value, task.TaskId, TaskState.TaskFailed, failed.Error,
                    TaskStatus.Types.Reason.ContainerLaunchFailed));
        });
        Receive<ContainerFailedToStart>(failed =>
        {
            if (!_tasks.Remove(failed.Key, out var task)) return;
            Report(task, TaskStatusBuilder.Create(_info.Id.Value, task.TaskId, TaskState.TaskFailed,
                $"Failed to launch container: {failed.Error}", TaskStatus.Types.Reason.ContainerLaunchFailed));
        });
        Receive<ContainerEnded>(ended =>
        {
            StopHealthChecks(ended.Key);
            if (!_tasks.Remove(ended.Key, out var task)) return;
            var terminated = TaskStatusBuilder.Terminated(_info.Id.Value, task.TaskId, ended.Termination, task.KillRequested);
            if (task.KilledByHealthCheck) terminated.Healthy = false;
            Report(task, terminated);
        });
        Receive<HealthCheckActor.HealthChanged>(changed =>
        {
            if (!_tasks.TryGetValue(changed.Key, out var task) || task.KillRequested) return;
            var (healthy, failures, kill, failure) = changed.Change;
            if (!healthy)
                _log.Warning("Task {0} of framework {1} failed its health check {2} time(s) in a row: {3}",
                    task.TaskId, task.FrameworkId, failures, failure);
            var status = TaskStatusBuilder.Create(_info.Id.Value, task.TaskId, TaskState.TaskRunning, failure,
                TaskStatus.Types.Reason.TaskHealthCheckStatusUpdated);
            status.Healthy = healthy;
            Report(task, status);
            if (!kill) return;
            task.KilledByHealthCheck = true;
            Kill(task.FrameworkId, task.TaskId, null);
        });
        Receive<GetMonitoredContainers>(_ => Sender.Tell(MonitoredContainers()));
        Receive<CollectSandboxes>(_ => _sandboxes.Collect());
        Receive<RetryStatusUpdates>(_ =>
        {
            foreach (var update in _updates.DueForRetry()) Send(update);
        });
    }

    protected override void PostStop()
    {
        // A node the cluster downed (a partition) leaves its tasks running for the agent that rejoins in its place.
        if (!_settings.KillTasksOnStop || CoordinatedShutdown.Get(Context.System).ShutdownReason is CoordinatedShutdown.ClusterDowningReason) return;
        foreach (var task in _tasks.Values) _ = task.Container?.KillAsync(TimeSpan.Zero);
    }

    /// <summary>
    /// The master's <see cref="ShutdownAgent"/> (the agent was marked gone), as Mesos's agent: every task is killed,
    /// and the agent stops once all have ended.
    /// </summary>
    private void ShutDown(ShutdownAgent shutdown)
    {
        if (_master is not null && !Sender.Equals(_master))
        {
            _log.Warning("Ignoring a shutdown from {0}, which is not the master this agent registered with ({1})", Sender.Path, _master.Path);
            return;
        }
        if (_shutdownMessage is not null) return;
        _shutdownMessage = string.IsNullOrEmpty(shutdown.Message) ? "asked by the master" : shutdown.Message;
        _log.Warning("Agent {0} asked to shut down by the master {1} because '{2}'; killing its {3} task(s)",
            _info.Id?.Value ?? "(unregistered)", Sender.Path, _shutdownMessage, _tasks.Count);
        Timers.Cancel("register");
        foreach (var task in _tasks.Values.ToList()) Kill(task.FrameworkId, task.TaskId, null);
        StopIfShutDown();
    }

    private void StopIfShutDown()
    {
        if (_shutdownMessage is null || _tasks.Count > 0) return;
        _log.Warning("Agent shut down: {0}", _shutdownMessage);
        Context.Stop(Self);
        _shutDown?.Invoke(_shutdownMessage);
    }

    /// <summary>As Mesos's agent refused authentication, this one stops registering and its process exits.</summary>
    private void Refused(AgentRegistrationRefused refused)
    {
        if (_master is not null || _refusal is not null) return;
        _refusal = string.IsNullOrEmpty(refused.Message) ? "Agent registration refused by the master" : refused.Message;
        Timers.Cancel("register");
        _log.Error("The master {0} refused this agent: {1}", Sender.Path, _refusal);
        _refused?.Invoke(_refusal);
    }

    private void Register()
    {
        if (_master is not null || _refusal is not null) return;
        if (_info.Id is null)
        {
            var register = new RegisterAgent { AgentInfo = _info, Version = _settings.Version, Proof = Prove(RegistrationClaims.Register) };
            register.CheckpointedResources.AddRange(_checkpointedResources);
            _masterProxy.Tell(register);
            return;
        }
        var reregister = new ReregisterAgent { AgentInfo = _info, Version = _settings.Version, Proof = Prove(RegistrationClaims.Reregister) };
        reregister.CheckpointedResources.AddRange(_checkpointedResources);
        reregister.Tasks.AddRange(_tasks.Values.Concat(_terminated.Where(t => !_tasks.ContainsKey(t.Key)).Select(t => t.Value))
            .Select(t => t.ToTask(_info.Id.Value)));
        _masterProxy.Tell(reregister);
    }

    private ClusterSecretProof? Prove(string kind)
    {
        if (_settings.ClusterSecret is not { } secret) return null;
        var address = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString();
        return secret.Prove(new RegistrationClaims(kind, address, _info.Hostname, _info.Port, _info.Id?.Value ?? ""), DateTimeOffset.UtcNow);
    }

    private void Connected(IActorRef master)
    {
        Timers.Cancel("register");
        if (_master is not null) Context.Unwatch(_master);
        _master = master;
        Context.Watch(master);
        foreach (var update in _updates.ResendAll()) Send(update);
    }

    /// <summary>Launches a task group as the default executor would: if one task cannot start, none keeps running.</summary>
    private void LaunchGroup(RunTaskGroup run)
    {
        var frameworkId = run.Framework.Id.Value;
        var executorId = run.Executor.ExecutorId.Value;
        foreach (var task in run.TaskGroup.Tasks)
            Launch(new RunTask { Framework = run.Framework, Task = task }, executorId);
        if (run.TaskGroup.Tasks.Any(task => !_tasks.ContainsKey((frameworkId, task.TaskId.Value))))
            KillGroup(frameworkId, executorId);
    }

    private void KillGroup(string frameworkId, string executorId)
    {
        foreach (var member in _tasks.Values.Where(t => t.FrameworkId == frameworkId && t.ExecutorId == executorId && !t.KillRequested).ToList())
            Kill(frameworkId, member.TaskId, null);
    }

    private void Launch(RunTask run, string? executorId = null)
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
            spec = LaunchSpecBuilder.Build(run.Framework.Id, run.Task, sandbox, new LaunchDefaults(
                _settings.ContainerPidsLimit > 0 ? _settings.ContainerPidsLimit : null, run.Framework.User));
            if (run.Task.HealthCheck is not null) HealthChecks.Create(run.Task, sandbox);
        }
        catch (ArgumentException e)
        {
            var invalid = TaskStatusBuilder.Create(_info.Id.Value, taskId, TaskState.TaskFailed,
                $"Cannot launch task: {e.Message}", TaskStatus.Types.Reason.ContainerLaunchFailed);
            Enqueue(frameworkId, invalid);
            return;
        }

        var task = new AgentTask(run.Framework, run.Task, sandbox) { ExecutorId = executorId };
        _sandboxes.Unschedule(sandbox);
        _tasks[key] = task;
        _containerIds[key] = spec.ContainerId;
        _checkpoint.SaveTask(run.Framework, run.Task, spec.ContainerId);
        _log.Info("Launching task {0} of framework {1} in {2}", taskId, frameworkId, sandbox);
        Report(task, TaskStatusBuilder.Create(_info.Id.Value, taskId, TaskState.TaskStarting));
        var self = Self;
        spec = spec with { ReportProgress = message => self.Tell(new LaunchProgressed(key, message)) };
        if (run.Task.Command.Uris.Count == 0)
            StartContainer(key, spec);
        else
            Fetch(key, run.Task.Command.Uris.ToList(), spec);
    }

    private void Fetch((string, string) key, IReadOnlyList<CommandInfo.Types.URI> uris, ContainerLaunchSpec spec)
    {
        var cancel = new CancellationTokenSource();
        _fetches[key] = cancel;
        _fetcher.FetchAllAsync(uris, spec.SandboxDirectory, cancel.Token).PipeTo(Self,
            success: () => new Fetched(key, spec),
            failure: error => new FetchFailed(key, error.GetBaseException().Message));
    }

    private void StartContainer((string, string) key, ContainerLaunchSpec spec) =>
        _containerizer.LaunchAsync(spec).PipeTo(Self,
            success: container => new ContainerStarted(key, container),
            failure: error => new ContainerFailedToStart(key, error.GetBaseException().Message));

    private void Kill(string frameworkId, string taskId, KillPolicy? policy)
    {
        if (!_tasks.TryGetValue((frameworkId, taskId), out var task))
        {
            _log.Warning("Asked to kill unknown task {0} of framework {1}", taskId, frameworkId);
            return;
        }
        var grace = (policy?.GracePeriod ?? task.Info.KillPolicy?.GracePeriod) is { } g
            ? TimeSpan.FromTicks(g.Nanoseconds / 100)
            : _settings.DefaultKillGracePeriod;
        var first = !task.KillRequested;
        task.KillRequested = true;
        StopHealthChecks((frameworkId, taskId));
        task.KillGracePeriod = grace;
        if (first && task.Framework.Capabilities.Any(c => c.Type == FrameworkInfo.Types.Capability.Types.Type.TaskKillingState))
            Report(task, TaskStatusBuilder.Create(_info.Id.Value, taskId, TaskState.TaskKilling));
        if (task.Container is not null) _ = task.Container.KillAsync(grace);
        else if (_fetches.TryGetValue((frameworkId, taskId), out var fetch)) fetch.Cancel();
    }

    private IReadOnlyList<MonitoredContainer> MonitoredContainers() =>
        _tasks.Values.Where(task => task.Container is { Termination.IsCompleted: false })
            .Select(task => MonitoredContainer.Of(task, task.Container!)).ToList();

    private void StartHealthChecks((string Framework, string Task) key, AgentTask task)
    {
        if (task.Info.HealthCheck is not { } check || _healthChecks.ContainsKey(key)) return;
        IHealthCheck probe;
        try
        {
            probe = HealthChecks.Create(task.Info, task.Sandbox);
        }
        catch (ArgumentException e)
        {
            _log.Error("Not health checking task {0} of framework {1}: {2}", key.Task, key.Framework, e.Message);
            return;
        }
        _healthChecks[key] = Context.ActorOf(HealthCheckActor.Props(key, probe, HealthCheckPolicy.From(check), SystemClock.Instance));
    }

    private void StopHealthChecks((string Framework, string Task) key)
    {
        if (_healthChecks.Remove(key, out var checker)) Context.Stop(checker);
    }

    /// <summary>Drops a task whose terminal update was acknowledged, with its checkpoint and its container's records.</summary>
    private void Forget((string Framework, string Task) key)
    {
        _terminated.Remove(key);
        _checkpoint.RemoveTask(key.Framework, key.Task);
        if (_containerIds.Remove(key, out var containerId)) _containerizer.Forget(containerId);
        // A task refused for an id that cannot name a directory never had a sandbox.
        if (!_tasks.ContainsKey(key) && SandboxLayout.TryFor(_settings.WorkDirectory, key.Framework, key.Task) is { } sandbox
            && Directory.Exists(sandbox))
            _sandboxes.Schedule(sandbox);
    }

    /// <summary>Schedules the sandboxes no task the agent knows of uses, counting their wait from their last change.</summary>
    private void ScheduleUnknownSandboxes()
    {
        foreach (var (frameworkId, taskId, path) in SandboxLayout.List(_settings.WorkDirectory))
        {
            if (_tasks.ContainsKey((frameworkId, taskId)) || _checkpoint.HasTask(frameworkId, taskId)) continue;
            _sandboxes.Schedule(path, new DateTimeOffset(Directory.GetLastWriteTimeUtc(path), TimeSpan.Zero));
        }
    }

    private void Report(AgentTask task, TaskStatus status)
    {
        task.State = status.State;
        if (TaskStates.IsTerminal(status.State)) _terminated[(task.FrameworkId, task.TaskId)] = task;
        Enqueue(task.FrameworkId, status);
        if (task.ExecutorId is { } executorId && TaskStates.IsTerminal(status.State) && status.State != TaskState.TaskFinished)
            KillGroup(task.FrameworkId, executorId);
        if (TaskStates.IsTerminal(status.State)) StopIfShutDown();
    }

    private void Enqueue(string frameworkId, TaskStatus status)
    {
        var update = new StatusUpdateReported { FrameworkId = new FrameworkID { Value = frameworkId }, Status = status };
        if (_checkpoint.HasTask(frameworkId, status.TaskId.Value)) _checkpoint.AppendUpdate(update);
        if (_updates.Enqueue(update)) Send(update);
    }

    // Until (re-)registered, updates wait in their streams; registering resends them all.
    private void Send(StatusUpdateReported update) => _master?.Tell(update);

    private sealed record TryRegister
    {
        public static readonly TryRegister Instance = new();
    }

    private sealed record RetryStatusUpdates
    {
        public static readonly RetryStatusUpdates Instance = new();
    }

    private sealed record CollectSandboxes
    {
        public static readonly CollectSandboxes Instance = new();
    }

    private sealed record Recovered(AgentCheckpointState State, bool Rebooted, IReadOnlyDictionary<string, ContainerRecovery> Containers);

    private sealed record RecoveryFailed(Exception Error);

    private sealed record ContainerStarted((string, string) Key, IRunningContainer Container);

    private sealed record LaunchProgressed((string, string) Key, string Message);

    private sealed record ContainerFailedToStart((string, string) Key, string Error);

    private sealed record Fetched((string, string) Key, ContainerLaunchSpec Spec);

    private sealed record FetchFailed((string, string) Key, string Error);

    private sealed record ContainerEnded((string, string) Key, ContainerTermination Termination);
}
