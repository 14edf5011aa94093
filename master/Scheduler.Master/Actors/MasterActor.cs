using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Persistence;
using Google.Protobuf;
using Scheduler.Master.Allocation;
using Scheduler.Master.Bookkeeping;
using Scheduler.Master.Http;
using Scheduler.Master.Operator;
using Scheduler.Master.Registry;
using Scheduler.Master.Security.Authorization;
using Scheduler.Master.Security.Cluster;
using Scheduler.Protocol;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Security;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Actors;

/// <summary>
/// The leading master: a thin shell around <see cref="MasterCore"/> that persists the registry,
/// keeps the addresses of agents and framework streams, and delivers the core's effects.
/// </summary>
public sealed class MasterActor : ReceivePersistentActor, IWithTimers
{
    private const int SnapshotEvery = 100;
    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(20);
    private readonly MasterSettings _settings;
    private readonly MasterRegistry _registry = new();
    private readonly MasterCore _core;
    private readonly Dictionary<string, IActorRef> _agents = new();
    private readonly Dictionary<IActorRef, string> _agentsByRef = new();
    private readonly FrameworkStreams _streams = new();
    private readonly OperatorSubscribers _operatorSubscribers = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly AgentRegistrationAuthenticator _agentAuthenticator;

    public MasterActor(MasterSettings settings)
    {
        _settings = settings;
        var clock = SystemClock.Instance;
        _core = new MasterCore(Guid.NewGuid().ToString(), clock, new Allocator(clock, allocationInterval: settings.AllocationInterval), _registry)
        {
            OfferTimeout = settings.OfferTimeout,
            Authorizer = settings.Authorizer,
        };
        _core.Changed = PublishToOperators;
        _agentAuthenticator = new AgentRegistrationAuthenticator(settings.ClusterSecret, clock);

        Recover<SnapshotOffer>(offer => { if (offer.Snapshot is RegistryState state) _registry.Apply(state); });
        Recover<AgentAdmitted>(_registry.Apply);
        Recover<AgentMarkedUnreachable>(_registry.Apply);
        Recover<AgentMarkedReachable>(_registry.Apply);
        Recover<AgentMarkedGone>(_registry.Apply);
        Recover<RegistryPruned>(_registry.Apply);
        Recover<FrameworkAdded>(_registry.Apply);
        Recover<FrameworkRemoved>(_registry.Apply);
        Recover<WeightsUpdated>(_registry.Apply);
        Recover<QuotaConfigsUpdated>(_registry.Apply);
        Recover<AgentDrainUpdated>(_registry.Apply);
        Recover<MaintenanceUpdated>(_registry.Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            _core.RestoreRoleSettings();
            if (_registry.Agents.Count > 0)
                Timers.StartSingleTimer("agent-reregister-timeout", AgentReregisterTimedOut.Instance, MasterCore.AgentReregisterTimeout);
            _log.Info("Recovered registry: {0} agents, {1} frameworks, {2} weights, {3} quotas",
                _registry.Agents.Count, _registry.Frameworks.Count, _registry.Weights.Count, _registry.QuotaConfigs.Count);
        });

        Command<RegisterAgent>(message =>
        {
            if (RefusedUnauthenticated(RegistrationClaims.Register, message.AgentInfo, message.Proof)) return;
            if (RefusedForMaintenance(message.AgentInfo.Hostname)) return;
            if (_agentsByRef.TryGetValue(Sender, out var known) && _core.Agents.Any(a => a.Id == known))
            {
                // As Mesos, a registration retried by an agent already registered gets its id again, not a second admission.
                Sender.Tell(new AgentRegistered { AgentId = new Protocol.V1.AgentID { Value = known } });
                return;
            }
            var (agentId, effects) = _core.RegisterAgent(message);
            Remember(agentId, Sender);
            Sender.Tell(new AgentRegistered { AgentId = new Protocol.V1.AgentID { Value = agentId } });
            _log.Info("Registered agent {0} at {1}", agentId, Sender.Path);
            Execute(effects);
            AllocateSoon();
        });
        Command<ReregisterAgent>(message =>
        {
            if (RefusedUnauthenticated(RegistrationClaims.Reregister, message.AgentInfo, message.Proof)) return;
            if (_core.IsGone(message.AgentInfo.Id.Value))
            {
                _log.Warning("Refused the re-registration of agent {0} at {1}: it was marked gone", message.AgentInfo.Id.Value, Sender.Path);
                Sender.Tell(new ShutdownAgent { Message = "Agent was marked gone" });
                return;
            }
            if (RefusedForMaintenance(message.AgentInfo.Hostname)) return;
            var effects = _core.ReregisterAgent(message);
            Remember(message.AgentInfo.Id.Value, Sender);
            Sender.Tell(new AgentReregistered { AgentId = message.AgentInfo.Id });
            _log.Info("Re-registered agent {0} at {1} with {2} task(s)", message.AgentInfo.Id.Value, Sender.Path, message.Tasks.Count);
            Execute(effects);
            AllocateSoon();
        });
        Command<StatusUpdateReported>(message =>
        {
            Execute(_core.StatusUpdateReported(message));
            if (TaskStates.IsTerminal(message.Status.State)) AllocateSoon();
        });
        Command<SubscribeFramework>(message =>
        {
            var (outcome, effects) = _core.Subscribe(message.Subscribe);
            if (outcome.IsAccepted)
            {
                _streams.Add(outcome.FrameworkId!, outcome.StreamId!, message.Stream);
                Context.WatchWith(message.Stream, new StreamEnded(outcome.FrameworkId!, outcome.StreamId!));
            }
            Sender.Tell(outcome);
            Execute(effects);
            AllocateSoon();
        });
        Command<HandleSchedulerCall>(message =>
        {
            List<MasterEffect> effects;
            CallOutcome outcome;
            try
            {
                (outcome, effects) = _core.Handle(message.Call, message.StreamId, message.Principal);
            }
            catch (Exception e) when (e is ArgumentException or NullReferenceException or InvalidOperationException or FormatException)
            {
                _log.Error(e, "Refused a {0} call the master could not handle", message.Call.Type);
                Sender.Tell(CallOutcome.BadRequest($"Cannot handle the call: {e.Message}"));
                return;
            }
            Sender.Tell(outcome);
            Execute(effects);
            if (outcome.IsAccepted && FreesResources(message.Call.Type)) AllocateSoon();
        });
        Command<StreamEnded>(ended =>
        {
            _streams.Remove(ended.FrameworkId, ended.StreamId);
            Execute(_core.FrameworkDisconnected(ended.FrameworkId, ended.StreamId));
        });
        Command<FailoverTimedOut>(expired => Execute(_core.FailoverExpired(expired.FrameworkId, expired.StreamId)));
        Command<Terminated>(terminated =>
        {
            if (!_agentsByRef.Remove(terminated.ActorRef, out var agentId)) return;
            _agents.Remove(agentId);
            _log.Warning("Agent {0} disconnected", agentId);
            Execute(_core.AgentDisconnected(agentId));
            // Gone from the cluster without being seen unreachable first: it gets the same time to come back.
            if (!Timers.IsTimerActive(UnreachableTimerKey(agentId)))
                Timers.StartSingleTimer(UnreachableTimerKey(agentId), new AgentUnreachableTimedOut(agentId), _settings.AgentUnreachableTimeout);
        });
        Command<ClusterEvent.UnreachableMember>(unreachable =>
        {
            if (!unreachable.Member.HasRole("agent")) return;
            foreach (var (agentId, agent) in _agents.Where(pair => pair.Value.Path.Address.Equals(unreachable.Member.Address)).ToList())
            {
                _log.Warning("Agent {0} at {1} is unreachable; marking it unreachable in {2} unless it comes back",
                    agentId, agent.Path.Address, _settings.AgentUnreachableTimeout);
                Execute(_core.AgentDisconnected(agentId));
                Timers.StartSingleTimer(UnreachableTimerKey(agentId), new AgentUnreachableTimedOut(agentId), _settings.AgentUnreachableTimeout);
            }
        });
        Command<ClusterEvent.ReachableMember>(reachable =>
        {
            foreach (var agentId in _agents.Where(pair => pair.Value.Path.Address.Equals(reachable.Member.Address)).Select(pair => pair.Key))
                Timers.Cancel(UnreachableTimerKey(agentId));
        });
        Command<AgentUnreachableTimedOut>(timedOut => Execute(_core.AgentUnreachable(timedOut.AgentId)));
        Command<AgentReregisterTimedOut>(_ => Execute(_core.AgentReregisterTimeoutExpired()));
        Command<RegistryGcTick>(_ => Execute(_core.PruneRegistry()));
        Command<AllocationTick>(_ =>
        {
            Execute(_core.MarkPendingAgentsUnreachable());
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var effects = _core.Allocate();
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            Execute(effects);
            _settings.Metrics?.Refresh(_core, took, effects.OfType<MasterEffect.ToFramework>()
                .Where(e => e.Event.Type == Protocol.V1.SchedulerApi.Event.Types.Type.Offers)
                .Sum(e => e.Event.Offers.Offers_.Count));
        });
        Command<GetMasterState>(_ => Sender.Tell(MasterStateJson.Render(_core, _settings)));
        Command<GetMasterRoles>(_ => Sender.Tell(MasterStateJson.RenderRoles(_core)));
        Command<GetOperatorSnapshot>(_ => Sender.Tell(OperatorSnapshotBuilder.Build(_core, _settings)));
        Command<SubscribeOperator>(message =>
        {
            var state = StateViewFilter.Filter(_settings.Authorizer, message.Subscriber.Principal, OperatorSnapshotBuilder.State(_core, _settings));
            _operatorSubscribers.Add(message.Subscriber,
                OperatorEvents.Subscribed(state, MasterCore.HeartbeatInterval),
                OperatorEvents.Heartbeat());
            Sender.Tell(Akka.Done.Instance);
        });
        Command<HandleOperatorCall>(message =>
        {
            var (outcome, effects) = MasterOperatorCalls.Handle(_core, message.Call, _settings.Authorizer, message.Principal);
            Execute(effects);
            var sender = Sender;
            DeferAsync(outcome, sender.Tell);
            if (effects.Count > 0) AllocateSoon();
        });
        Command<GetWeightsJson>(_ => Sender.Tell(RoleSettingsCalls.WeightsJson(_core)));
        Command<GetQuotaJson>(_ => Sender.Tell(RoleSettingsCalls.QuotaStatusJson(_core)));
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(failure => _log.Warning("Registry snapshot failed: {0}", failure.Cause.Message));
    }

    public override string PersistenceId => "master-registry";

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(MasterSettings settings) => Akka.Actor.Props.Create(() => new MasterActor(settings));

    protected override void PreStart()
    {
        base.PreStart();
        Timers.StartPeriodicTimer("allocate", AllocationTick.Instance, _settings.AllocationInterval);
        Timers.StartPeriodicTimer("registry-gc", RegistryGcTick.Instance, RegistryGarbageCollector.Interval);
        if (Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal))
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IReachabilityEvent));
    }

    protected override void PostStop()
    {
        if (Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal))
            Cluster.Get(Context.System).Unsubscribe(Self);
        foreach (var stream in _streams.All) stream.Tell(CloseFrameworkStream.Instance);
        _operatorSubscribers.DropAll();
        base.PostStop();
    }

    /// <summary>Allocates shortly after resources free up, batching the events of a burst into one cycle.</summary>
    private void AllocateSoon()
    {
        if (!Timers.IsTimerActive("allocate-soon"))
            Timers.StartSingleTimer("allocate-soon", AllocationTick.Instance, BatchDelay);
    }

    private static bool FreesResources(Call.Types.Type type) => type is
        Call.Types.Type.Accept or Call.Types.Type.Decline or Call.Types.Type.Revive or Call.Types.Type.Teardown
        or Call.Types.Type.UpdateFramework;

    private static string UnreachableTimerKey(string agentId) => $"agent-unreachable-{agentId}";

    private void PublishToOperators(MasterChange change)
    {
        if (_operatorSubscribers.Count == 0) return;
        if (OperatorEvents.From(change, _core, _settings) is { } operatorEvent)
            _operatorSubscribers.Publish(operatorEvent, OperatorEvents.AudienceOf(change, _core, _settings.Authorizer));
    }

    private void Remember(string agentId, IActorRef agent)
    {
        Timers.Cancel(UnreachableTimerKey(agentId));
        if (_agents.TryGetValue(agentId, out var previous)) _agentsByRef.Remove(previous);
        _agents[agentId] = agent;
        _agentsByRef[agent] = agentId;
        Context.Watch(agent);
    }

    /// <summary>
    /// An agent without a valid proof of the cluster secret is told why and otherwise ignored: it gets no id, no offers
    /// and no place in the registry. Checked before anything else, so that it learns nothing of the cluster.
    /// </summary>
    private bool RefusedUnauthenticated(string kind, Protocol.V1.AgentInfo info, ClusterSecretProof? proof)
    {
        if (!_agentAuthenticator.IsRequired) return false;
        // An agent in this master's own process (sched dev) is local; its proof names the node's cluster address.
        var address = Sender.Path.Address.HasLocalScope ? ((ExtendedActorSystem)Context.System).Provider.DefaultAddress : Sender.Path.Address;
        var claims = new RegistrationClaims(kind, address.ToString(), info.Hostname, info.Port, info.Id?.Value ?? "");
        if (_agentAuthenticator.Refusal(proof, claims) is not { } refusal) return false;
        _log.Warning("Refused agent {0} ({1}:{2}) at {3}: {4}", info.Id?.Value ?? "(new)", info.Hostname, info.Port, Sender.Path, refusal);
        Sender.Tell(new AgentRegistrationRefused { Message = refusal });
        return true;
    }

    /// <summary>As Mesos, an agent on a machine DOWN for maintenance is told to shut down rather than let in.</summary>
    private bool RefusedForMaintenance(string hostname)
    {
        if (!_core.IsOnMachineDown(hostname)) return false;
        _log.Warning("Refused agent {0} at {1}: its machine is DOWN for maintenance", hostname, Sender.Path);
        Sender.Tell(new ShutdownAgent { Message = "Machine is in DOWN mode" });
        return true;
    }

    private void Execute(IEnumerable<MasterEffect> effects)
    {
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case MasterEffect.ToAgent toAgent:
                    if (_agents.TryGetValue(toAgent.AgentId, out var agent)) agent.Tell(toAgent.Message, Self);
                    else _log.Warning("Dropping {0} for unknown agent {1}", toAgent.Message.Descriptor.Name, toAgent.AgentId);
                    break;
                case MasterEffect.ToFramework toFramework:
                    _streams.Find(toFramework.FrameworkId, toFramework.StreamId)?.Tell(new SendEvent(toFramework.Event));
                    break;
                case MasterEffect.CloseStream close:
                    if (_streams.Remove(close.FrameworkId, close.StreamId) is { } closing)
                    {
                        Context.Unwatch(closing);
                        closing.Tell(CloseFrameworkStream.Instance);
                    }
                    break;
                case MasterEffect.Persist persist:
                    PersistRegistryEvent(persist.RegistryEvent);
                    break;
                case MasterEffect.ScheduleFailover failover:
                    Timers.StartSingleTimer($"failover-{failover.FrameworkId}",
                        new FailoverTimedOut(failover.FrameworkId, failover.StreamId), failover.After);
                    break;
            }
        }
    }

    private void PersistRegistryEvent(IMessage registryEvent)
    {
        Persist(registryEvent, _ =>
        {
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(_registry.ToSnapshot());
        });
    }

    private sealed record StreamEnded(string FrameworkId, string StreamId);

    private sealed record FailoverTimedOut(string FrameworkId, string StreamId);

    private sealed record AgentUnreachableTimedOut(string AgentId);

    private sealed record AgentReregisterTimedOut
    {
        public static readonly AgentReregisterTimedOut Instance = new();
    }

    private sealed record RegistryGcTick
    {
        public static readonly RegistryGcTick Instance = new();
    }

    private sealed record AllocationTick
    {
        public static readonly AllocationTick Instance = new();
    }
}
