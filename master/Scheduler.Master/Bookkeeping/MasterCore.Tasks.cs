using Scheduler.Protocol;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Resources;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Tasks: status updates relayed to their frameworks (and the resources of ended tasks released), and the
/// framework calls about tasks: ACKNOWLEDGE, KILL and RECONCILE.
/// </summary>
public sealed partial class MasterCore
{
    private List<MasterEffect> RelayStatusUpdate(StatusUpdateReported update, TaskStatus status)
    {
        var effects = new List<MasterEffect>();
        var frameworkId = update.FrameworkId.Value;
        if (!_frameworks.TryGetValue(frameworkId, out var framework))
        {
            if (_orphans.TryGetRunning(frameworkId, status.TaskId.Value, out var orphan))
            {
                Apply(orphan, status);
                if (TaskStates.IsTerminal(status.State))
                {
                    _orphans.RemoveRunning(frameworkId, status.TaskId.Value);
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

    private void Apply(Protocol.V1.Task task, TaskStatus status)
    {
        var previous = task.Statuses.Count > 0 ? task.Statuses[^1].State : (TaskState?)null;
        task.State = status.State;
        task.StatusUpdateState = status.State;
        if (status.HasUuid) task.StatusUpdateUuid = status.Uuid;
        task.Statuses.Add(WithoutData(status));
        Notify(new MasterChange.TaskUpdated(task, status, previous));
    }

    private void Release(string frameworkId, Protocol.V1.Task task)
    {
        var resources = ResourceSet.FromProto(task.Resources);
        if (_agents.TryGetValue(task.AgentId.Value, out var agent)) agent.Used -= resources;
        _allocator.RecoverResources(frameworkId, task.AgentId.Value, resources, null);
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

    private static TaskStatus WithoutData(TaskStatus status)
    {
        var copy = status.Clone();
        copy.ClearData();
        return copy;
    }
}
