using Scheduler.Protocol;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Agents joining and leaving: a new agent is admitted with an id, a known one re-registers with the tasks it
/// reports (kept for frameworks that have not subscribed yet), and a disconnected one is no longer offered.
/// </summary>
public sealed partial class MasterCore
{
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
                _orphans.AddRunning(task);
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

    /// <summary>An agent's dynamic reservations take the place of the same quantities of its unreserved resources.</summary>
    private static ResourceSet WithCheckpointedReservations(AgentInfo info, ResourceSet total, IEnumerable<Protocol.V1.Resource> checkpointed)
    {
        if (!ResourceSet.TryFromProto(checkpointed, out var reservations, out var error))
            Log.Warn("Ignoring the checkpointed resources of agent {0}: {1}", info.Id.Value, error);
        else if (!reservations.IsEmpty && !ReservationConversion.TryReserve(total, reservations.Filter(r => r.IsDynamicallyReserved), out total, out error))
            Log.Warn("Ignoring the checkpointed reservations of agent {0}: {1}", info.Id.Value, error);
        return total;
    }

    /// <summary>
    /// As Mesos's master, a task that a re-registering agent reports ended (its update not yet acknowledged) is known as
    /// completed, so that reconciling it answers its end rather than TASK_UNKNOWN, which would have it run again.
    /// </summary>
    private void KnowEndedTask(Protocol.V1.Task task)
    {
        var frameworkId = task.FrameworkId.Value;
        if (!_frameworks.TryGetValue(frameworkId, out var framework))
            _orphans.AddEnded(task);
        else if (!framework.Tasks.ContainsKey(task.TaskId.Value) && framework.CompletedTasks.All(t => t.TaskId.Value != task.TaskId.Value))
            framework.Complete(task);
    }

    /// <summary>Whether the agent is admitted in the registry but has not re-registered with this master yet.</summary>
    private bool NotYetReregistered(string agentId) => _registry.IsAdmitted(agentId) && !_agents.ContainsKey(agentId);
}
