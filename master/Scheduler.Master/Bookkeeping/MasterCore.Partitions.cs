using Scheduler.Master.Registry;
using Scheduler.Protocol;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Agent partitions, as Mesos's master: an agent the master lost contact with is marked unreachable (its tasks
/// TASK_UNREACHABLE, or TASK_LOST for frameworks that are not partition-aware), may come back and re-register,
/// or is marked gone by an operator for good; the registry forgets old unreachable and gone agents.
/// </summary>
public sealed partial class MasterCore
{
    /// <summary>How long a recovered master waits for the agents of its registry to re-register (<c>--agent_reregister_timeout</c>).</summary>
    public static readonly TimeSpan AgentReregisterTimeout = TimeSpan.FromMinutes(10);

    private readonly List<string> _pendingUnreachable = new();

    /// <summary>Mesos's <c>--agent_removal_rate_limit</c>; none by default: lost agents are marked unreachable at once.</summary>
    public AgentRemovalRateLimiter? AgentRemovalRateLimit { get; init; }

    /// <summary>Which unreachable and gone agents the registry forgets (<c>--registry_max_agent_age</c>, <c>--registry_max_agent_count</c>).</summary>
    public RegistryGarbageCollector RegistryGc { get; init; } = RegistryGarbageCollector.Default;

    public IReadOnlyCollection<UnreachableAgent> UnreachableAgents => _registry.UnreachableAgents;
    public IReadOnlyCollection<GoneAgent> GoneAgents => _registry.GoneAgents;

    /// <summary>Agents lost but not yet marked unreachable, waiting for the removal rate limit.</summary>
    public IReadOnlyList<string> AgentsPendingUnreachable => _pendingUnreachable;

    /// <summary>Whether an operator marked the agent gone: it may never re-register.</summary>
    public bool IsGone(string agentId) => _registry.IsGone(agentId);

    /// <summary>
    /// The master lost contact with the agent: its offers are rescinded at once, and it is marked unreachable
    /// when the removal rate limit allows (see <see cref="MarkPendingAgentsUnreachable"/>).
    /// </summary>
    public List<MasterEffect> AgentUnreachable(string agentId)
    {
        var effects = AgentDisconnected(agentId);
        if (!_agents.ContainsKey(agentId) || _pendingUnreachable.Contains(agentId)) return effects;
        _pendingUnreachable.Add(agentId);
        effects.AddRange(MarkPendingAgentsUnreachable());
        return effects;
    }

    /// <summary>Marks the lost agents unreachable, oldest loss first, as far as the removal rate limit allows now.</summary>
    public List<MasterEffect> MarkPendingAgentsUnreachable()
    {
        var effects = new List<MasterEffect>();
        while (_pendingUnreachable.Count > 0)
        {
            var agentId = _pendingUnreachable[0];
            var record = _agents.GetValueOrDefault(agentId);
            var info = record?.Info ?? _registry.Agents.FirstOrDefault(a => a.Id.Value == agentId);
            if (info is null || record is { Active: true })
            {
                _pendingUnreachable.RemoveAt(0);
                continue;
            }
            if (AgentRemovalRateLimit is { } limit && !limit.TryAcquire(_clock.Now)) break;
            _pendingUnreachable.RemoveAt(0);
            effects.AddRange(MarkUnreachable(info, record));
        }
        return effects;
    }

    /// <summary>
    /// A recovered master's agents that did not re-register within <see cref="AgentReregisterTimeout"/> are
    /// marked unreachable, rate limited as any lost agent.
    /// </summary>
    public List<MasterEffect> AgentReregisterTimeoutExpired()
    {
        foreach (var info in _registry.Agents.Where(a => !_agents.ContainsKey(a.Id.Value)).OrderBy(a => a.Id.Value, StringComparer.Ordinal))
            if (!_pendingUnreachable.Contains(info.Id.Value)) _pendingUnreachable.Add(info.Id.Value);
        return MarkPendingAgentsUnreachable();
    }

    /// <summary>
    /// An operator's MARK_AGENT_GONE: the agent's tasks are TASK_GONE_BY_OPERATOR (TASK_LOST for frameworks that
    /// are not partition-aware), a registered agent is told to shut down, and it may never re-register.
    /// </summary>
    public (string? Error, List<MasterEffect> Effects) MarkAgentGone(AgentID agentId)
    {
        var effects = new List<MasterEffect>();
        var id = agentId.Value;
        if (_registry.IsGone(id)) return (null, effects);
        var record = _agents.GetValueOrDefault(id);
        var info = record?.Info ?? _registry.UnreachableAgents.FirstOrDefault(a => a.AgentInfo.Id.Value == id)?.AgentInfo;
        if (info is null) return ($"Agent '{id}' not found", effects);

        var now = _clock.Now;
        var gone = new AgentMarkedGone { AgentId = info.Id, GoneTime = TimeInfos.From(now), Hostname = info.Hostname };
        _registry.MarkGone(gone.AgentId, gone.GoneTime, gone.Hostname);
        effects.Add(new MasterEffect.Persist(gone));
        _pendingUnreachable.Remove(id);
        var message = $"Agent {info.Hostname} is gone";
        foreach (var framework in _frameworks.Values)
        {
            var onAgent = framework.Tasks.Values.Concat(framework.UnreachableTasks.Values).Where(t => t.AgentId.Value == id).ToList();
            foreach (var task in onAgent)
            {
                var state = framework.PartitionAware ? TaskState.TaskGoneByOperator : TaskState.TaskLost;
                var status = TaskStatusFactory.ForTask(task, state, TaskStatus.Types.Reason.AgentRemovedByOperator, message, now);
                Apply(task, status);
                framework.UnreachableTasks.Remove(task.TaskId.Value);
                framework.Complete(task);
                if (framework.Connected) effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Update(status)));
            }
        }
        if (record is not null)
        {
            effects.Add(new MasterEffect.ToAgent(id, new ShutdownAgent { Message = "Agent was marked gone by the operator" }));
            effects.AddRange(RemoveAgentRecord(record));
        }
        return (null, effects);
    }

    /// <summary>Forgets the unreachable and gone agents the registry's garbage collection selects, with their unreachable tasks.</summary>
    public List<MasterEffect> PruneRegistry()
    {
        var pruned = RegistryGc.Select(_registry, _clock.Now);
        if (pruned is null) return [];
        _registry.Prune(pruned);
        var forgotten = pruned.UnreachableAgentIds.Select(a => a.Value).ToHashSet();
        foreach (var framework in _frameworks.Values)
            foreach (var task in framework.UnreachableTasks.Values.Where(t => forgotten.Contains(t.AgentId.Value)).ToList())
                framework.UnreachableTasks.Remove(task.TaskId.Value);
        Log.Info("Registry GC pruned {0} unreachable and {1} gone agents", pruned.UnreachableAgentIds.Count, pruned.GoneAgentIds.Count);
        return [new MasterEffect.Persist(pruned)];
    }

    private List<MasterEffect> MarkUnreachable(AgentInfo info, AgentRecord? record)
    {
        var effects = new List<MasterEffect>();
        var now = _clock.Now;
        var since = TimeInfos.From(now);
        _registry.MarkUnreachable(info, since);
        effects.Add(new MasterEffect.Persist(new AgentMarkedUnreachable { AgentInfo = info, UnreachableTime = since }));
        Log.Warn("Marked agent {0} ({1}) unreachable", info.Id.Value, info.Hostname);
        if (record is null) return effects;

        effects.AddRange(RemoveAgentRecord(record));
        var message = $"Agent {info.Hostname} is unreachable";
        foreach (var framework in _frameworks.Values)
        {
            foreach (var task in framework.Tasks.Values.Where(t => t.AgentId.Value == record.Id).ToList())
            {
                // As Mesos, a framework that is not partition-aware hears TASK_LOST, and the task is kept as unreachable.
                var state = framework.PartitionAware ? TaskState.TaskUnreachable : TaskState.TaskLost;
                var status = TaskStatusFactory.ForTask(task, state, TaskStatus.Types.Reason.AgentRemoved, message, now);
                status.UnreachableTime = since;
                Apply(task, status);
                framework.Tasks.Remove(task.TaskId.Value);
                framework.UnreachableTasks[task.TaskId.Value] = task;
                if (framework.Connected) effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Update(status)));
            }
            if (framework.Connected) effects.Add(new MasterEffect.ToFramework(framework.Id, Events.AgentLost(info.Id)));
        }
        return effects;
    }

    /// <summary>Takes an agent out of the master and the allocator, rescinding its offers; its tasks are the caller's.</summary>
    private List<MasterEffect> RemoveAgentRecord(AgentRecord agent)
    {
        var effects = new List<MasterEffect>();
        foreach (var offer in _offers.Values.Where(o => o.AgentId == agent.Id).ToList())
            effects.AddRange(Rescind(offer));
        _allocator.RemoveAgent(agent.Id);
        _agents.Remove(agent.Id);
        Notify(new MasterChange.AgentRemoved(agent.Info.Id));
        _orphans.RemoveOnAgent(agent.Id);
        return effects;
    }

    /// <summary>
    /// Tasks of a previously unreachable agent that it reported again are back (the framework hears their state
    /// with REASON_AGENT_REREGISTERED, as Mesos), also those it reported ended, whose own terminal update follows;
    /// those it no longer has are TASK_GONE (TASK_LOST if not partition-aware).
    /// </summary>
    private List<MasterEffect> TasksReachableAgain(AgentRecord agent, IReadOnlyCollection<Protocol.V1.Task> reportedEnded)
    {
        var effects = new List<MasterEffect>();
        var now = _clock.Now;
        foreach (var framework in _frameworks.Values)
        {
            foreach (var unreachable in framework.UnreachableTasks.Values.Where(t => t.AgentId.Value == agent.Id).ToList())
            {
                framework.UnreachableTasks.Remove(unreachable.TaskId.Value);
                TaskStatus status;
                if (framework.Tasks.TryGetValue(unreachable.TaskId.Value, out var reported))
                {
                    status = TaskStatusFactory.ForTask(reported, reported.State, TaskStatus.Types.Reason.AgentReregistered, "Agent reregistered", now);
                    Apply(reported, status);
                }
                else if (reportedEnded.FirstOrDefault(t => t.FrameworkId.Value == framework.Id && t.TaskId.Value == unreachable.TaskId.Value) is { } ended)
                {
                    status = TaskStatusFactory.ForTask(ended, ended.State, TaskStatus.Types.Reason.AgentReregistered, "Agent reregistered", now);
                    Apply(ended, status);
                }
                else
                {
                    var state = framework.PartitionAware ? TaskState.TaskGone : TaskState.TaskLost;
                    status = TaskStatusFactory.ForTask(unreachable, state, TaskStatus.Types.Reason.Reconciliation, "Task is unknown to the agent", now);
                    Apply(unreachable, status);
                    framework.Complete(unreachable);
                }
                if (framework.Connected) effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Update(status)));
            }
        }
        return effects;
    }

    /// <summary>
    /// A known agent re-registered without tasks the master has it running: they are lost (TASK_DROPPED for
    /// partition-aware frameworks). A task still staging on an agent that stayed connected may be on its way, so it is kept.
    /// </summary>
    private List<MasterEffect> ReconcileTasksUnknownToAgent(AgentRecord agent, IEnumerable<Protocol.V1.Task> reported)
    {
        var effects = new List<MasterEffect>();
        var reportedIds = reported.Select(t => t.TaskId.Value).ToHashSet();
        var wasActive = agent.Active;
        foreach (var framework in _frameworks.Values)
        {
            var missing = framework.Tasks.Values
                .Where(t => t.AgentId.Value == agent.Id && !reportedIds.Contains(t.TaskId.Value))
                .Where(t => t.State != TaskState.TaskStaging || !wasActive)
                .ToList();
            foreach (var task in missing)
            {
                var state = framework.PartitionAware ? TaskState.TaskDropped : TaskState.TaskLost;
                var status = TaskStatusFactory.ForTask(task, state, TaskStatus.Types.Reason.Reconciliation, "Task is unknown to the agent", _clock.Now);
                Apply(task, status);
                Release(framework.Id, task);
                framework.Complete(task);
                if (framework.Connected) effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Update(status)));
            }
        }
        return effects;
    }

    /// <summary>Tells the agent to shut down the frameworks of its tasks that the master removed meanwhile.</summary>
    private IEnumerable<MasterEffect> ShutDownRemovedFrameworks(AgentID agentId, IEnumerable<Protocol.V1.Task> running, bool wasUnreachable) =>
        running.Select(t => t.FrameworkId).DistinctBy(f => f.Value)
            .Where(f => !_frameworks.ContainsKey(f.Value) && IsRemovedFramework(f.Value, wasUnreachable))
            .Select(f => new MasterEffect.ToAgent(agentId.Value, new ShutdownFramework { FrameworkId = f }));

    /// <summary>
    /// Whether the framework was torn down or timed out: it completed on this master, or, for an agent coming back
    /// from a partition, the registry no longer knows it.
    /// </summary>
    private bool IsRemovedFramework(string frameworkId, bool wasUnreachable) =>
        _completedFrameworks.Any(f => f.Id == frameworkId) || (wasUnreachable && !_registry.IsKnownFramework(frameworkId));
}
