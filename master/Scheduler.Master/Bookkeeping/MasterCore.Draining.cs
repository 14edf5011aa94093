using Scheduler.Protocol;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Operators turning an agent's offers off and on (DEACTIVATE_AGENT, REACTIVATE_AGENT), draining it
/// (DRAIN_AGENT: no offers, every task killed, DRAINED once the last one ended, then gone if asked),
/// and tearing a framework down (TEARDOWN), as Mesos's master does.
/// </summary>
public sealed partial class MasterCore
{
    private const string UnknownAgent = "Unknown agent";

    /// <summary>An agent's report of a task's new status, relayed to its framework; a draining agent may be drained by it.</summary>
    public List<MasterEffect> StatusUpdateReported(StatusUpdateReported update)
    {
        var agentId = update.Status.AgentId?.Value;
        var agent = agentId is null ? null : _agents.GetValueOrDefault(agentId);
        var effects = RelayStatusUpdate(update, AsDrained(agent, update.Status));
        if (agentId is not null) effects.AddRange(FinishDrainingIfDone(agentId));
        return effects;
    }

    public (string? Error, List<MasterEffect> Effects) DeactivateAgent(AgentID agentId)
    {
        if (!_agents.TryGetValue(agentId.Value, out var agent)) return (UnknownAgent, []);
        if (agent.Deactivated) return (null, []);
        var effects = TurnOffersOff(agent);
        effects.Add(PersistDrain(agent));
        return (null, effects);
    }

    public (string? Error, List<MasterEffect> Effects) ReactivateAgent(AgentID agentId)
    {
        if (!_agents.TryGetValue(agentId.Value, out var agent)) return (UnknownAgent, []);
        if (!agent.Deactivated) return ("Agent is not deactivated", []);
        if (agent.Drain?.State == DrainState.Draining) return ("Agent is still in the DRAINING state", []);
        agent.Deactivated = false;
        agent.Drain = null;
        if (agent.Active) _allocator.ActivateAgent(agent.Id);
        return (null, [PersistDrain(agent)]);
    }

    /// <summary>
    /// Starts draining: offers off, and a kill of each of the agent's tasks with its kill policy's grace period,
    /// capped by <paramref name="maxGracePeriod"/>. Draining an agent that already drains changes nothing.
    /// </summary>
    public (string? Error, List<MasterEffect> Effects) DrainAgent(AgentID agentId, TimeSpan? maxGracePeriod, bool markGone)
    {
        if (maxGracePeriod < TimeSpan.Zero) return ("'max_grace_period' must be non-negative", []);
        if (!_agents.TryGetValue(agentId.Value, out var agent)) return (UnknownAgent, []);
        if (agent.Drain is not null) return (null, []);

        var config = new DrainConfig { MarkGone = markGone };
        if (maxGracePeriod is { } cap) config.MaxGracePeriod = new DurationInfo { Nanoseconds = cap.Ticks * 100 };
        agent.Drain = new DrainInfo { State = DrainState.Draining, Config = config };
        var effects = TurnOffersOff(agent);
        effects.Add(PersistDrain(agent));
        effects.AddRange(KillTasksOfDrainingAgent(agent));
        effects.AddRange(FinishDrainingIfDone(agent.Id));
        return (null, effects);
    }

    /// <summary>Operator TEARDOWN: the framework's tasks are shut down and the framework removed.</summary>
    public (string? Error, List<MasterEffect> Effects) TeardownFramework(FrameworkID frameworkId)
    {
        if (!_frameworks.TryGetValue(frameworkId.Value, out var framework)) return ($"No framework found with specified ID '{frameworkId.Value}'", []);
        var effects = new List<MasterEffect>();
        if (framework.Connected) effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Error("Framework has been removed")));
        effects.AddRange(RemoveFramework(framework));
        return (null, effects);
    }

    /// <summary>A draining agent with no task left that is not terminal is DRAINED, and marked gone if its drain asked so.</summary>
    private List<MasterEffect> FinishDrainingIfDone(string agentId)
    {
        if (!_agents.TryGetValue(agentId, out var agent) || agent.Drain is not { State: DrainState.Draining } drain) return [];
        if (TasksOn(agentId).Any(task => !TaskStates.IsTerminal(task.State))) return [];
        drain.State = DrainState.Drained;
        var effects = new List<MasterEffect> { PersistDrain(agent) };
        if (drain.Config.MarkGone) effects.AddRange(MarkAgentGone(agent.Info.Id).Effects);
        return effects;
    }

    /// <summary>After a drain with mark_gone, a task's terminal state is TASK_GONE_BY_OPERATOR, as Mesos's agent reports it.</summary>
    private static TaskStatus AsDrained(AgentRecord? agent, TaskStatus status)
    {
        if (agent?.Drain?.Config.MarkGone != true || !TaskStates.IsTerminal(status.State) || status.State == TaskState.TaskGoneByOperator)
            return status;
        var gone = status.Clone();
        gone.State = TaskState.TaskGoneByOperator;
        return gone;
    }

    /// <summary>Brings back what the registry says of an agent's deactivation when it (re)registers.</summary>
    private void RestoreDrain(AgentRecord agent)
    {
        if (_registry.DrainOf(agent.Id) is not { } saved) return;
        agent.Deactivated = true;
        agent.Drain = saved.DrainInfo?.Clone();
        _allocator.DeactivateAgent(agent.Id);
    }

    /// <summary>Kills again what still runs on a draining agent that registered anew, as Mesos resends the drain.</summary>
    private List<MasterEffect> ResumeDraining(AgentRecord agent) =>
        agent.Drain is { State: DrainState.Draining } ? [.. KillTasksOfDrainingAgent(agent), .. FinishDrainingIfDone(agent.Id)] : [];

    private List<MasterEffect> TurnOffersOff(AgentRecord agent)
    {
        agent.Deactivated = true;
        _allocator.DeactivateAgent(agent.Id);
        var effects = new List<MasterEffect>();
        foreach (var offer in _offers.Values.Where(o => o.AgentId == agent.Id).ToList())
            effects.AddRange(Rescind(offer));
        return effects;
    }

    private IEnumerable<MasterEffect> KillTasksOfDrainingAgent(AgentRecord agent)
    {
        var cap = agent.Drain?.Config.MaxGracePeriod;
        foreach (var task in TasksOn(agent.Id).Where(task => !TaskStates.IsTerminal(task.State)))
        {
            var kill = new KillTask { FrameworkId = task.FrameworkId, TaskId = task.TaskId };
            var grace = task.KillPolicy?.GracePeriod;
            if (cap is not null && (grace is null || grace.Nanoseconds > cap.Nanoseconds)) grace = cap;
            if (grace is not null) kill.KillPolicy = new KillPolicy { GracePeriod = grace.Clone() };
            yield return new MasterEffect.ToAgent(agent.Id, kill);
        }
    }

    private IEnumerable<Protocol.V1.Task> TasksOn(string agentId) =>
        _frameworks.Values.SelectMany(f => f.Tasks.Values)
            .Concat(_orphans.Running)
            .Where(task => task.AgentId.Value == agentId);

    private MasterEffect PersistDrain(AgentRecord agent)
    {
        var drain = new AgentDrainUpdated { AgentId = agent.Info.Id, Deactivated = agent.Deactivated };
        if (agent.Drain is not null) drain.DrainInfo = agent.Drain.Clone();
        _registry.UpdateDrain(drain);
        return new MasterEffect.Persist(drain);
    }
}
