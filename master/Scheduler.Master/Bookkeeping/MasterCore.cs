using Google.Protobuf;
using Scheduler.Protocol;
using Scheduler.Master.Allocation;
using Scheduler.Master.Registry;
using Scheduler.Master.Security.Authentication;
using Scheduler.Master.Security.Authorization;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Resources;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// The leading master's decisions as plain logic: agents, frameworks, offers and tasks.
/// Every call returns the effects to carry out; the actor around it only delivers them.
/// </summary>
public sealed partial class MasterCore
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);
    private static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    private readonly IClock _clock;
    private readonly Allocator _allocator;
    private readonly MasterRegistry _registry;
    private readonly Dictionary<string, AgentRecord> _agents = new();
    private readonly Dictionary<string, FrameworkRecord> _frameworks = new();
    private readonly Dictionary<string, OfferRecord> _offers = new();
    private readonly LinkedList<FrameworkRecord> _completedFrameworks = new();
    private readonly Dictionary<string, Dictionary<string, Protocol.V1.Task>> _orphanTasks = new();
    private readonly Dictionary<string, List<Protocol.V1.Task>> _orphanEndedTasks = new();
    private long _nextOffer;

    public MasterCore(string masterId, IClock clock, Allocator allocator, MasterRegistry registry)
    {
        MasterId = masterId;
        _clock = clock;
        _allocator = allocator;
        _registry = registry;
        StartedAt = clock.Now;
    }

    public string MasterId { get; }
    public DateTimeOffset StartedAt { get; }

    /// <summary>How long an offer may stay unanswered before the master rescinds it; none by default, as Mesos.</summary>
    public TimeSpan? OfferTimeout { get; init; }

    /// <summary>Who may run tasks as which user and reserve for which role; null allows everything.</summary>
    public Authorizer? Authorizer { get; init; }

    /// <summary>Hears each change of agents, frameworks and tasks as it happens, for the operator event stream.</summary>
    public Action<MasterChange>? Changed { get; set; }
    public IReadOnlyCollection<AgentRecord> Agents => _agents.Values;
    public IReadOnlyCollection<FrameworkRecord> Frameworks => _frameworks.Values;
    public IReadOnlyCollection<FrameworkRecord> CompletedFrameworks => _completedFrameworks;
    public IReadOnlyCollection<OfferRecord> Offers => _offers.Values;

    /// <summary>Tasks agents reported for frameworks that have not subscribed to this master yet.</summary>
    public IEnumerable<Protocol.V1.Task> OrphanTasks => _orphanTasks.Values.SelectMany(tasks => tasks.Values);

    /// <summary>
    /// Every role the master knows of (with frameworks, above such a role, or with a weight or quota), in name
    /// order, with what its tasks use, what is on offer to it and why its frameworks got no more.
    /// </summary>
    public IReadOnlyList<RoleSummary> Roles()
    {
        var allocated = new Dictionary<string, ResourceSet>();
        foreach (var task in _frameworks.Values.SelectMany(f => f.Tasks.Values))
            AddByRole(allocated, ResourceSet.FromProto(task.Resources));
        var offered = new Dictionary<string, ResourceSet>();
        foreach (var offer in _offers.Values) AddByRole(offered, offer.Resources);
        return _allocator.KnownRoles.Select(role =>
        {
            var stats = _allocator.RoleStats(role);
            return new RoleSummary(
                role,
                _allocator.RoleWeight(role),
                _frameworks.Values.Where(f => f.Roles.Contains(role)).Select(f => f.Id).ToList(),
                allocated.GetValueOrDefault(role, ResourceSet.Empty),
                offered.GetValueOrDefault(role, ResourceSet.Empty),
                _allocator.QuotaGuarantee(role),
                stats.HeldBackLastCycle,
                stats.FrameworksFilteredLastCycle,
                stats.FrameworksFilteredTotal)
            {
                QuotaLimit = _allocator.QuotaLimit(role),
                QuotaConsumed = _allocator.RoleSubtreeScalarQuantities(role),
            };
        }).ToList();
    }

    /// <summary>The roles for which the framework suppressed offers, in name order; none for a framework the master no longer has.</summary>
    public IReadOnlyList<string> SuppressedRoles(string frameworkId) =>
        _frameworks.ContainsKey(frameworkId) ? _allocator.SuppressedRoles(frameworkId) : [];

    public (string AgentId, List<MasterEffect> Effects) RegisterAgent(RegisterAgent message)
    {
        var info = message.AgentInfo.Clone();
        info.Id = new AgentID { Value = _registry.NextAgentId(MasterId) };
        var effects = new List<MasterEffect> { new MasterEffect.Persist(new AgentAdmitted { AgentInfo = info }) };
        AddAgent(info, checkpointed: message.CheckpointedResources);
        return (info.Id.Value, effects);
    }

    /// <summary>
    /// Takes in an agent that had an id, with the tasks it reports. The master keeps those tasks as they are in the
    /// message, without copying them (10,000 agents re-registering after a failover report 100,000 or more), so the
    /// message must not be changed or sent again afterwards.
    /// </summary>
    public List<MasterEffect> ReregisterAgent(ReregisterAgent message)
    {
        var info = message.AgentInfo;
        var effects = new List<MasterEffect>();
        if (_registry.IsGone(info.Id.Value)) return effects;
        _pendingUnreachable.Remove(info.Id.Value);
        if (_agents.TryGetValue(info.Id.Value, out var known))
        {
            effects.AddRange(ReconcileTasksUnknownToAgent(known, message.Tasks));
            known.Active = true;
            if (!known.Deactivated) _allocator.ActivateAgent(known.Id);
            effects.AddRange(ResumeDraining(known));
            return effects;
        }
        var wasUnreachable = _registry.IsUnreachable(info.Id.Value);
        if (wasUnreachable)
        {
            _registry.MarkReachable(info);
            effects.Add(new MasterEffect.Persist(new AgentMarkedReachable { AgentInfo = info }));
        }
        else if (!_registry.IsAdmitted(info.Id.Value))
            effects.Add(new MasterEffect.Persist(new AgentAdmitted { AgentInfo = info }));
        var running = message.Tasks.Where(t => !TaskStates.IsTerminal(t.State)).ToList();
        effects.AddRange(ShutDownRemovedFrameworks(info.Id, running, wasUnreachable));
        running.RemoveAll(t => !_frameworks.ContainsKey(t.FrameworkId.Value) && IsRemovedFramework(t.FrameworkId.Value, wasUnreachable));
        var resources = new ReportedTaskResources();
        var used = new Dictionary<string, ResourceSet>();
        foreach (var task in running)
            used[task.FrameworkId.Value] = used.GetValueOrDefault(task.FrameworkId.Value, ResourceSet.Empty) + resources.Of(task);
        var agent = AddAgent(info, used, message.CheckpointedResources);
        foreach (var frameworkUse in used.Values)
            agent.Used += frameworkUse;
        foreach (var task in running)
        {
            if (_frameworks.TryGetValue(task.FrameworkId.Value, out var framework))
                framework.Tasks[task.TaskId.Value] = task;
            else
                OrphansOf(task.FrameworkId.Value)[task.TaskId.Value] = task;
            Notify(new MasterChange.TaskAdded(task));
        }
        var endedTasks = message.Tasks.Where(t => TaskStates.IsTerminal(t.State)).ToList();
        foreach (var ended in endedTasks)
            KnowEndedTask(ended);
        if (wasUnreachable) effects.AddRange(TasksReachableAgain(agent, endedTasks));
        effects.AddRange(ResumeDraining(agent));
        return effects;
    }

    public List<MasterEffect> AgentDisconnected(string agentId)
    {
        var effects = new List<MasterEffect>();
        if (!_agents.TryGetValue(agentId, out var agent) || !agent.Active) return effects;
        agent.Active = false;
        _allocator.DeactivateAgent(agentId);
        foreach (var offer in _offers.Values.Where(o => o.AgentId == agentId).ToList())
            effects.AddRange(Rescind(offer));
        return effects;
    }

    public (SubscribeOutcome Outcome, List<MasterEffect> Effects) Subscribe(Call.Types.Subscribe subscribe)
    {
        var effects = new List<MasterEffect>();
        var info = subscribe.FrameworkInfo;
        var invalid = FrameworkValidation.Validate(info)
            ?? FrameworkValidation.ValidateSuppressedRoles(FrameworkRecord.RolesOf(info), subscribe.SuppressedRoles);
        if (invalid is not null) return (SubscribeOutcome.Refused(invalid), effects);
        var suppressedRoles = subscribe.SuppressedRoles.Distinct().ToList();
        var resubscribing = info.Id is { } previousId && _frameworks.ContainsKey(previousId.Value);

        FrameworkRecord framework;
        if (info.Id is { } id && !string.IsNullOrEmpty(id.Value))
        {
            if (_frameworks.TryGetValue(id.Value, out var existing))
            {
                // As Mesos, a resubscription keeps the user and checkpointing but may not change the principal.
                info = info.Clone();
                info.User = existing.Info.User;
                if (existing.Info.HasCheckpoint) info.Checkpoint = existing.Info.Checkpoint;
                else info.ClearCheckpoint();
                var invalidUpdate = FrameworkValidation.ValidateUpdate(existing.Info, info);
                if (invalidUpdate is not null) return (SubscribeOutcome.Refused(invalidUpdate), effects);
                framework = existing;
                if (existing.StreamId is { } oldStream)
                {
                    effects.Add(new MasterEffect.ToFramework(existing.Id, Events.Error("Framework failed over"), oldStream));
                    effects.Add(new MasterEffect.CloseStream(existing.Id, oldStream));
                }
                foreach (var offer in _offers.Values.Where(o => o.FrameworkId == existing.Id).ToList())
                    effects.AddRange(Rescind(offer, notify: false));
                effects.AddRange(UpdateFrameworkInfo(framework, info, suppressedRoles));
            }
            else if (_registry.IsKnownFramework(id.Value))
            {
                framework = AddFramework(info.Clone(), suppressedRoles);
            }
            else
            {
                return (SubscribeOutcome.Refused($"Framework '{id.Value}' is unknown to this master"), effects);
            }
        }
        else
        {
            var withId = info.Clone();
            withId.Id = new FrameworkID { Value = _registry.NextFrameworkId(MasterId) };
            framework = AddFramework(withId, suppressedRoles);
            effects.Add(new MasterEffect.Persist(new FrameworkAdded { FrameworkInfo = withId }));
        }

        framework.StreamId = Guid.NewGuid().ToString();
        framework.Active = true;
        _allocator.ActivateFramework(framework.Id);
        Notify(resubscribing ? new MasterChange.FrameworkUpdated(framework) : new MasterChange.FrameworkAdded(framework));
        effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Subscribed(framework.Id, HeartbeatInterval)));
        return (new SubscribeOutcome(framework.Id, framework.StreamId, null), effects);
    }

    public List<MasterEffect> FrameworkDisconnected(string frameworkId, string streamId)
    {
        var effects = new List<MasterEffect>();
        if (!_frameworks.TryGetValue(frameworkId, out var framework) || framework.StreamId != streamId) return effects;
        framework.StreamId = null;
        framework.Active = false;
        _allocator.DeactivateFramework(frameworkId);
        foreach (var offer in _offers.Values.Where(o => o.FrameworkId == frameworkId).ToList())
            effects.AddRange(Rescind(offer, notify: false));
        var failover = framework.Info.HasFailoverTimeout ? framework.Info.FailoverTimeout : 0;
        effects.Add(new MasterEffect.ScheduleFailover(frameworkId, streamId, TimeSpan.FromSeconds(Math.Max(0, failover))));
        return effects;
    }

    public List<MasterEffect> FailoverExpired(string frameworkId, string streamId)
    {
        if (!_frameworks.TryGetValue(frameworkId, out var framework) || framework.Connected) return [];
        if (framework.LastStreamId != streamId) return [];
        return RemoveFramework(framework);
    }

    public (CallOutcome Outcome, List<MasterEffect> Effects) Handle(Call call, string? streamId, string? principal = null)
    {
        var effects = new List<MasterEffect>();
        if (call.FrameworkId is null || string.IsNullOrEmpty(call.FrameworkId.Value))
            return (CallOutcome.BadRequest("Expecting 'framework_id' to be present"), effects);
        if (!_frameworks.TryGetValue(call.FrameworkId.Value, out var framework))
            return (CallOutcome.BadRequest($"Framework '{call.FrameworkId.Value}' is not subscribed"), effects);
        if (FrameworkPrincipal.CallerMismatch(principal, framework.Info) is { } mismatch)
            return (CallOutcome.BadRequest(mismatch), effects);
        if (streamId is null)
            return (CallOutcome.BadRequest("All non-subscribe calls should include the 'Mesos-Stream-Id' header"), effects);
        if (framework.StreamId != streamId)
            return (CallOutcome.BadRequest($"The stream ID '{streamId}' included in this request didn't match the stream ID currently associated with framework ID {framework.Id}"), effects);

        switch (call.Type)
        {
            case Call.Types.Type.Teardown:
                effects.AddRange(RemoveFramework(framework));
                break;
            case Call.Types.Type.Accept:
                if (call.Accept is null) return (CallOutcome.BadRequest("Expecting 'accept' to be present"), effects);
                effects.AddRange(Accept(framework, call.Accept));
                break;
            case Call.Types.Type.Decline:
                if (call.Decline is null) return (CallOutcome.BadRequest("Expecting 'decline' to be present"), effects);
                foreach (var offerId in call.Decline.OfferIds)
                {
                    if (_offers.ContainsKey(offerId.Value)) framework.Stats.OffersDeclined++;
                    effects.AddRange(ReturnOffer(framework, offerId.Value, call.Decline.Filters));
                }
                break;
            case Call.Types.Type.Acknowledge:
                if (call.Acknowledge is null) return (CallOutcome.BadRequest("Expecting 'acknowledge' to be present"), effects);
                effects.AddRange(Acknowledge(framework, call.Acknowledge));
                break;
            case Call.Types.Type.Kill:
                if (call.Kill is null) return (CallOutcome.BadRequest("Expecting 'kill' to be present"), effects);
                effects.AddRange(Kill(framework, call.Kill));
                break;
            case Call.Types.Type.Revive:
            {
                var roles = call.Revive?.Roles.Distinct().ToList() ?? [];
                var invalid = FrameworkValidation.ValidateCallRoles("revive", roles, framework.Roles);
                if (invalid is not null) return (CallOutcome.BadRequest(invalid), effects);
                _allocator.Revive(framework.Id, roles);
                break;
            }
            case Call.Types.Type.Suppress:
            {
                var roles = call.Suppress?.Roles.Distinct().ToList() ?? [];
                var invalid = FrameworkValidation.ValidateCallRoles("suppression", roles, framework.Roles);
                if (invalid is not null) return (CallOutcome.BadRequest(invalid), effects);
                _allocator.Suppress(framework.Id, roles);
                break;
            }
            case Call.Types.Type.UpdateFramework:
                return UpdateFramework(framework, call);
            case Call.Types.Type.Reconcile:
                effects.AddRange(Reconcile(framework, call.Reconcile));
                break;
            case Call.Types.Type.Message:
            case Call.Types.Type.Request:
            case Call.Types.Type.Shutdown:
                break;
            default:
                return (CallOutcome.BadRequest($"Call type '{call.Type}' is not supported"), effects);
        }
        return (CallOutcome.Accepted, effects);
    }

    private List<MasterEffect> RelayStatusUpdate(StatusUpdateReported update, TaskStatus status)
    {
        var effects = new List<MasterEffect>();
        var frameworkId = update.FrameworkId.Value;
        if (!_frameworks.TryGetValue(frameworkId, out var framework))
        {
            if (_orphanTasks.TryGetValue(frameworkId, out var orphans) && orphans.TryGetValue(status.TaskId.Value, out var orphan))
            {
                Apply(orphan, status);
                if (TaskStates.IsTerminal(status.State))
                {
                    orphans.Remove(status.TaskId.Value);
                    Release(frameworkId, orphan);
                }
                if (_registry.IsKnownFramework(frameworkId)) return effects;
            }
            if (status.AgentId is not null && status.HasUuid)
                effects.Add(new MasterEffect.ToAgent(status.AgentId.Value, new AcknowledgeStatusUpdate
                {
                    AgentId = status.AgentId, FrameworkId = update.FrameworkId, TaskId = status.TaskId, Uuid = status.Uuid,
                }));
            return effects;
        }

        if (framework.Tasks.TryGetValue(status.TaskId.Value, out var task))
        {
            Apply(task, status);
            if (TaskStates.IsTerminal(status.State))
            {
                Release(frameworkId, task);
                framework.Complete(task);
                ReleaseExecutorIfIdle(framework, task);
            }
        }

        if (framework.Connected)
            effects.Add(new MasterEffect.ToFramework(frameworkId, Events.Update(status)));
        return effects;
    }

    public List<MasterEffect> Allocate()
    {
        var effects = new List<MasterEffect>();
        if (OfferTimeout is { } timeout)
            foreach (var expired in _offers.Values.Where(o => _clock.Now - o.MadeAt >= timeout).ToList())
                effects.AddRange(Rescind(expired));
        var result = _allocator.Allocate();
        foreach (var outcome in result.Frameworks)
            if (_frameworks.TryGetValue(outcome.FrameworkId, out var known)) known.Stats.Record(outcome);
        foreach (var byFramework in result.Offers.GroupBy(o => o.FrameworkId))
        {
            if (!_frameworks.TryGetValue(byFramework.Key, out var framework) || !framework.Connected)
            {
                foreach (var decision in byFramework)
                    _allocator.RecoverResources(decision.FrameworkId, decision.AgentId, decision.Resources, null);
                continue;
            }
            var offers = new List<Offer>();
            foreach (var decision in byFramework)
            {
                if (!_agents.TryGetValue(decision.AgentId, out var agent)) continue;
                var record = new OfferRecord($"{MasterId}-O{++_nextOffer}", framework.Id, agent.Id, decision.Resources, _clock.Now);
                _offers[record.OfferId] = record;
                agent.Offered += record.Resources;
                offers.Add(WithUnavailability(OfferFactory.Create(record, agent.Info), agent.Info));
            }
            framework.Stats.OffersMade += offers.Count;
            if (offers.Count > 0) effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Offers(offers)));
        }
        return effects;
    }

    private static void AddByRole(Dictionary<string, ResourceSet> byRole, ResourceSet resources)
    {
        foreach (var role in resources.AllocationRoles())
            byRole[role] = byRole.GetValueOrDefault(role, ResourceSet.Empty) + resources.AllocatedTo(role);
    }

    private void Apply(Protocol.V1.Task task, TaskStatus status)
    {
        var previous = task.Statuses.Count > 0 ? task.Statuses[^1].State : (TaskState?)null;
        task.State = status.State;
        task.StatusUpdateState = status.State;
        if (status.HasUuid) task.StatusUpdateUuid = status.Uuid;
        task.Statuses.Add(WithoutData(status));
        Notify(new MasterChange.TaskUpdated(task, status, previous));
    }

    private void Notify(MasterChange change) => Changed?.Invoke(change);

    private void Release(string frameworkId, Protocol.V1.Task task)
    {
        var resources = ResourceSet.FromProto(task.Resources);
        if (_agents.TryGetValue(task.AgentId.Value, out var agent)) agent.Used -= resources;
        _allocator.RecoverResources(frameworkId, task.AgentId.Value, resources, null);
    }

    /// <summary>
    /// As Mesos's master, a task that a re-registering agent reports ended (its update not yet acknowledged) is known as
    /// completed, so that reconciling it answers its end rather than TASK_UNKNOWN, which would have it run again.
    /// </summary>
    private void KnowEndedTask(Protocol.V1.Task task)
    {
        var frameworkId = task.FrameworkId.Value;
        if (!_frameworks.TryGetValue(frameworkId, out var framework))
        {
            if (!_orphanEndedTasks.TryGetValue(frameworkId, out var ended)) _orphanEndedTasks[frameworkId] = ended = [];
            if (ended.Count < FrameworkRecord.MaxCompletedTasks) ended.Add(task);
        }
        else if (!framework.Tasks.ContainsKey(task.TaskId.Value) && framework.CompletedTasks.All(t => t.TaskId.Value != task.TaskId.Value))
            framework.Complete(task);
    }

    private Dictionary<string, Protocol.V1.Task> OrphansOf(string frameworkId)
    {
        if (!_orphanTasks.TryGetValue(frameworkId, out var tasks)) _orphanTasks[frameworkId] = tasks = new();
        return tasks;
    }

    private AgentRecord AddAgent(AgentInfo info, IReadOnlyDictionary<string, ResourceSet>? used = null,
        IEnumerable<Protocol.V1.Resource>? checkpointed = null)
    {
        var total = WithCheckpointedReservations(info, ResourceSet.FromProto(info.Resources), checkpointed ?? []);
        var agent = new AgentRecord(info, total, _clock.Now);
        _agents[agent.Id] = agent;
        _registry.Admit(info);
        _allocator.AddAgent(agent.Id, total, info.Hostname, used);
        RestoreDrain(agent);
        Notify(new MasterChange.AgentAdded(agent));
        return agent;
    }

    /// <summary>
    /// UPDATE_FRAMEWORK, as Mesos: the new info must be valid, keep the id, principal, user and checkpointing,
    /// and suppress only roles it has. Offers for roles the framework left are rescinded; its tasks keep running.
    /// </summary>
    private (CallOutcome Outcome, List<MasterEffect> Effects) UpdateFramework(FrameworkRecord framework, Call call)
    {
        var update = call.UpdateFramework;
        if (update is null) return (CallOutcome.BadRequest("Expecting 'update_framework' to be present"), []);
        var info = update.FrameworkInfo;
        if (info?.Id?.Value != call.FrameworkId.Value)
            return (CallOutcome.BadRequest("'framework_id' differs from 'update_framework.framework_info.id'"), []);
        var invalid = FrameworkValidation.Validate(info);
        if (invalid is not null) return (CallOutcome.BadRequest($"Supplied FrameworkInfo is not valid: {invalid}"), []);
        invalid = FrameworkValidation.ValidateUpdate(framework.Info, info!);
        if (invalid is not null) return (CallOutcome.BadRequest($"FrameworkInfo update is not valid: {invalid}"), []);
        invalid = FrameworkValidation.ValidateSuppressedRoles(FrameworkRecord.RolesOf(info!), update.SuppressedRoles);
        if (invalid is not null) return (CallOutcome.BadRequest($"'UpdateFramework' call is not valid: {invalid}"), []);
        var before = framework.Info;
        var effects = UpdateFrameworkInfo(framework, info!.Clone(), update.SuppressedRoles.Distinct().ToList());
        if (!ReferenceEquals(before, framework.Info)) Notify(new MasterChange.FrameworkUpdated(framework));
        return (CallOutcome.Ok, effects);
    }

    /// <summary>Gives the framework its new info and suppressed roles, rescinds offers for roles it left, and persists a changed info.</summary>
    private List<MasterEffect> UpdateFrameworkInfo(FrameworkRecord framework, FrameworkInfo info, IReadOnlyCollection<string> suppressedRoles)
    {
        var effects = new List<MasterEffect>();
        var roles = FrameworkRecord.RolesOf(info);
        _allocator.UpdateFramework(framework.Id, roles, suppressedRoles);
        foreach (var offer in _offers.Values.Where(o => o.FrameworkId == framework.Id).ToList())
            if (offer.Resources.AllocationRoles().Any(role => !roles.Contains(role)))
                effects.AddRange(Rescind(offer));
        if (framework.Info.Equals(info)) return effects;
        framework.Info = info;
        _registry.AddFramework(info);
        effects.Add(new MasterEffect.Persist(new FrameworkAdded { FrameworkInfo = info }));
        return effects;
    }

    /// <summary>An agent's dynamic reservations take the place of the same quantities of its unreserved resources.</summary>
    private static ResourceSet WithCheckpointedReservations(AgentInfo info, ResourceSet total, IEnumerable<Protocol.V1.Resource> checkpointed)
    {
        if (!ResourceSet.TryFromProto(checkpointed, out var reservations, out var error))
            Log.Warn("Ignoring the checkpointed resources of agent {0}: {1}", info.Id.Value, error);
        else if (!reservations.IsEmpty && !ReservationConversion.TryReserve(total, reservations.Filter(r => r.IsDynamicallyReserved), out total, out error))
            Log.Warn("Ignoring the checkpointed reservations of agent {0}: {1}", info.Id.Value, error);
        return total;
    }

    private FrameworkRecord AddFramework(FrameworkInfo info, IReadOnlyCollection<string> suppressedRoles)
    {
        var framework = new FrameworkRecord(info, _clock.Now);
        _frameworks[framework.Id] = framework;
        _registry.AddFramework(info);
        _allocator.AddFramework(framework.Id, framework.Roles, active: true, suppressedRoles);
        if (_orphanTasks.Remove(framework.Id, out var orphans))
            foreach (var (taskId, task) in orphans) framework.Tasks[taskId] = task;
        if (_orphanEndedTasks.Remove(framework.Id, out var ended))
            foreach (var task in ended) framework.Complete(task);
        return framework;
    }

    private List<MasterEffect> RemoveFramework(FrameworkRecord framework)
    {
        var effects = new List<MasterEffect>();
        foreach (var offer in _offers.Values.Where(o => o.FrameworkId == framework.Id).ToList())
            effects.AddRange(Rescind(offer, notify: false));
        foreach (var agentId in framework.Tasks.Values.Select(t => t.AgentId.Value).Distinct())
            effects.Add(new MasterEffect.ToAgent(agentId, new ShutdownFramework { FrameworkId = framework.Info.Id }));
        foreach (var task in framework.Tasks.Values.ToList())
        {
            if (_agents.TryGetValue(task.AgentId.Value, out var agent)) agent.Used -= ResourceSet.FromProto(task.Resources);
            var previous = task.Statuses.Count > 0 ? task.Statuses[^1].State : (TaskState?)null;
            task.State = TaskState.TaskKilled;
            framework.Complete(task);
            Notify(new MasterChange.TaskUpdated(task, TaskStatusFactory.ForTask(task, TaskState.TaskKilled,
                TaskStatus.Types.Reason.FrameworkRemoved, $"Framework {framework.Id} removed", _clock.Now), previous));
        }
        // As Mesos, tasks on unreachable agents complete as killed too; an agent that comes back is told to shut them down.
        foreach (var task in framework.UnreachableTasks.Values)
        {
            var previous = task.State;
            task.State = TaskState.TaskKilled;
            framework.Complete(task);
            Notify(new MasterChange.TaskUpdated(task, TaskStatusFactory.ForTask(task, TaskState.TaskKilled,
                TaskStatus.Types.Reason.FrameworkRemoved, $"Framework {framework.Id} removed", _clock.Now), previous));
        }
        framework.UnreachableTasks.Clear();
        foreach (var executor in framework.Executors.Values)
            if (_agents.TryGetValue(executor.AgentId, out var agent)) agent.Used -= executor.Resources;
        framework.Executors.Clear();
        if (framework.StreamId is { } stream) effects.Add(new MasterEffect.CloseStream(framework.Id, stream));
        framework.StreamId = null;
        framework.Active = false;
        _frameworks.Remove(framework.Id);
        _completedFrameworks.AddLast(framework);
        if (_completedFrameworks.Count > 100) _completedFrameworks.RemoveFirst();
        _allocator.RemoveFramework(framework.Id);
        _registry.RemoveFramework(framework.Id);
        effects.Add(new MasterEffect.Persist(new FrameworkRemoved { FrameworkId = framework.Info.Id }));
        Notify(new MasterChange.FrameworkRemoved(framework.Info));
        return effects;
    }

    private IEnumerable<MasterEffect> ReturnOffer(FrameworkRecord framework, string offerId, Filters? filters)
    {
        if (!_offers.TryGetValue(offerId, out var offer) || offer.FrameworkId != framework.Id) return [];
        _offers.Remove(offerId);
        if (_agents.TryGetValue(offer.AgentId, out var agent)) agent.Offered -= offer.Resources;
        _allocator.RecoverResources(framework.Id, offer.AgentId, offer.Resources, RefuseDuration(filters));
        return [];
    }

    private IEnumerable<MasterEffect> Rescind(OfferRecord offer, bool notify = true)
    {
        _offers.Remove(offer.OfferId);
        if (_agents.TryGetValue(offer.AgentId, out var agent)) agent.Offered -= offer.Resources;
        _allocator.RecoverResources(offer.FrameworkId, offer.AgentId, offer.Resources, null);
        if (notify && _frameworks.TryGetValue(offer.FrameworkId, out var framework) && framework.Connected)
        {
            framework.Stats.OffersRescinded++;
            return [new MasterEffect.ToFramework(offer.FrameworkId, Events.Rescind(offer.OfferId))];
        }
        return [];
    }

    private IEnumerable<MasterEffect> Acknowledge(FrameworkRecord framework, Call.Types.Acknowledge ack)
    {
        if (ack.AgentId is null || !_agents.ContainsKey(ack.AgentId.Value)) return [];
        return [new MasterEffect.ToAgent(ack.AgentId.Value, new AcknowledgeStatusUpdate
        {
            AgentId = ack.AgentId, FrameworkId = framework.Info.Id, TaskId = ack.TaskId, Uuid = ack.Uuid,
        })];
    }

    private IEnumerable<MasterEffect> Kill(FrameworkRecord framework, Call.Types.Kill kill)
    {
        if (framework.Tasks.TryGetValue(kill.TaskId.Value, out var task))
        {
            var message = new KillTask { FrameworkId = framework.Info.Id, TaskId = kill.TaskId };
            if (kill.KillPolicy is not null) message.KillPolicy = kill.KillPolicy;
            return [new MasterEffect.ToAgent(task.AgentId.Value, message)];
        }
        var lost = new TaskStatus
        {
            TaskId = kill.TaskId, State = TaskState.TaskLost, Source = TaskStatus.Types.Source.Master,
            Reason = TaskStatus.Types.Reason.Reconciliation, Message = "Attempted to kill an unknown task",
            Timestamp = _clock.Now.ToUnixTimeMilliseconds() / 1000.0,
        };
        if (kill.AgentId is not null) lost.AgentId = kill.AgentId;
        return [new MasterEffect.ToFramework(framework.Id, Events.Update(lost))];
    }

    private IEnumerable<MasterEffect> Reconcile(FrameworkRecord framework, Call.Types.Reconcile? reconcile)
    {
        var wanted = reconcile?.Tasks.Select(t => t.TaskId.Value).ToList() ?? [];
        var tasks = wanted.Count == 0
            ? framework.Tasks.Values.ToList()
            : wanted.Select(id => framework.Tasks.GetValueOrDefault(id)
                ?? framework.UnreachableTasks.GetValueOrDefault(id)
                ?? framework.CompletedTasks.LastOrDefault(t => t.TaskId.Value == id)).OfType<Protocol.V1.Task>().ToList();
        var effects = tasks.Select(task => (MasterEffect)new MasterEffect.ToFramework(framework.Id, Events.Update(
            TaskStatusFactory.Reconciled(task, _clock.Now)))).ToList();
        var agentsOf = reconcile?.Tasks.GroupBy(t => t.TaskId.Value).ToDictionary(g => g.Key, g => g.First().AgentId?.Value) ?? [];
        foreach (var unknown in wanted.Where(id => tasks.All(t => t.TaskId.Value != id)))
        {
            // As Mesos: a task may be on an agent of the registry that has not re-registered since this master took over,
            // so no answer yet; the framework asks again. Without an agent id, any such agent holds the answer back.
            if (agentsOf.GetValueOrDefault(unknown) is { Length: > 0 } agentId ? NotYetReregistered(agentId) : _registry.Agents.Any(a => NotYetReregistered(a.Id.Value)))
                continue;
            // As Mesos: on an agent the registry has unreachable, the task may still run and come back with it.
            if (agentsOf.GetValueOrDefault(unknown) is { Length: > 0 } onAgent
                && _registry.UnreachableAgents.FirstOrDefault(a => a.AgentInfo.Id.Value == onAgent) is { } unreachableAgent)
            {
                effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Update(new TaskStatus
                {
                    TaskId = new TaskID { Value = unknown }, AgentId = unreachableAgent.AgentInfo.Id,
                    State = framework.PartitionAware ? TaskState.TaskUnreachable : TaskState.TaskLost,
                    Source = TaskStatus.Types.Source.Master, Reason = TaskStatus.Types.Reason.Reconciliation,
                    Message = "Reconciliation: Task is unreachable", UnreachableTime = unreachableAgent.Timestamp,
                    Timestamp = _clock.Now.ToUnixTimeMilliseconds() / 1000.0,
                })));
                continue;
            }
            effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Update(new TaskStatus
            {
                TaskId = new TaskID { Value = unknown }, State = TaskState.TaskUnknown,
                Source = TaskStatus.Types.Source.Master, Reason = TaskStatus.Types.Reason.Reconciliation,
                Message = "Reconciliation: Task is unknown", Timestamp = _clock.Now.ToUnixTimeMilliseconds() / 1000.0,
            })));
        }
        return effects;
    }

    /// <summary>Whether the agent is admitted in the registry but has not re-registered with this master yet.</summary>
    private bool NotYetReregistered(string agentId) => _registry.IsAdmitted(agentId) && !_agents.ContainsKey(agentId);

    private static TimeSpan? RefuseDuration(Filters? filters)
    {
        var seconds = filters is not null && filters.HasRefuseSeconds ? filters.RefuseSeconds : Allocator.DefaultRefuseDuration.TotalSeconds;
        if (double.IsNaN(seconds) || seconds <= 0) return null;
        return seconds >= Allocator.MaximumRefuseDuration.TotalSeconds ? Allocator.MaximumRefuseDuration : TimeSpan.FromSeconds(seconds);
    }

    private static TaskStatus WithoutData(TaskStatus status)
    {
        var copy = status.Clone();
        copy.ClearData();
        return copy;
    }
}
