using Scheduler.Master.Bookkeeping;
using Scheduler.Master.Security.Authorization;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using EventType = Scheduler.Protocol.V1.MasterApi.Event.Types.Type;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Operator;

/// <summary>
/// The operator event stream's events (Mesos's <c>master::Event</c>), made from the master's changes as Mesos's
/// master sends them: a task update only when the task's state changes or a (health) check result comes in.
/// </summary>
public static class OperatorEvents
{
    public static Event Subscribed(Response.Types.GetState state, TimeSpan heartbeatInterval) => new()
    {
        Type = EventType.Subscribed,
        Subscribed = new Event.Types.Subscribed { GetState = state, HeartbeatIntervalSeconds = heartbeatInterval.TotalSeconds },
    };

    public static Event Heartbeat() => new() { Type = EventType.Heartbeat };

    /// <summary>The event operators hear of the change, or null when Mesos sends none for it.</summary>
    public static Event? From(MasterChange change, MasterCore core, MasterSettings settings) => change switch
    {
        MasterChange.TaskAdded added => new Event
        {
            Type = EventType.TaskAdded,
            TaskAdded = new Event.Types.TaskAdded { Task = added.Task.Clone() },
        },
        MasterChange.TaskUpdated updated when IsWorthTelling(updated) => new Event
        {
            Type = EventType.TaskUpdated,
            TaskUpdated = new Event.Types.TaskUpdated
            {
                FrameworkId = updated.Task.FrameworkId.Clone(),
                Status = WithoutData(updated.Status),
                State = updated.Task.State,
            },
        },
        MasterChange.TaskUpdated => null,
        MasterChange.AgentAdded added => new Event
        {
            Type = EventType.AgentAdded,
            AgentAdded = new Event.Types.AgentAdded { Agent = OperatorSnapshotBuilder.Agent(added.Agent, settings) },
        },
        MasterChange.AgentRemoved removed => new Event
        {
            Type = EventType.AgentRemoved,
            AgentRemoved = new Event.Types.AgentRemoved { AgentId = removed.AgentId.Clone() },
        },
        MasterChange.FrameworkAdded added => new Event
        {
            Type = EventType.FrameworkAdded,
            FrameworkAdded = new Event.Types.FrameworkAdded { Framework = OperatorSnapshotBuilder.Framework(added.Framework, core) },
        },
        MasterChange.FrameworkUpdated updated => new Event
        {
            Type = EventType.FrameworkUpdated,
            FrameworkUpdated = new Event.Types.FrameworkUpdated { Framework = OperatorSnapshotBuilder.Framework(updated.Framework, core) },
        },
        MasterChange.FrameworkRemoved removed => new Event
        {
            Type = EventType.FrameworkRemoved,
            FrameworkRemoved = new Event.Types.FrameworkRemoved { FrameworkInfo = removed.Info.Clone() },
        },
        _ => null,
    };

    /// <summary>Who may hear of the change under the view ACLs; null (everyone) without an authorizer.</summary>
    public static OperatorEventAudience? AudienceOf(MasterChange change, MasterCore core, Authorizer? authorizer) => authorizer is null ? null : change switch
    {
        MasterChange.TaskAdded added => new OperatorEventAudience(authorizer, FrameworkOf(added.Task, core), added.Task),
        MasterChange.TaskUpdated updated => new OperatorEventAudience(authorizer, FrameworkOf(updated.Task, core), updated.Task),
        MasterChange.FrameworkAdded added => new OperatorEventAudience(authorizer, added.Framework.Info, null),
        MasterChange.FrameworkUpdated updated => new OperatorEventAudience(authorizer, updated.Framework.Info, null),
        MasterChange.FrameworkRemoved removed => new OperatorEventAudience(authorizer, removed.Info, null),
        _ => null,
    };

    /// <summary>The info of the task's framework, removed ones included; null for a task of a framework the master does not know.</summary>
    private static FrameworkInfo? FrameworkOf(Protocol.V1.Task task, MasterCore core) =>
        task.FrameworkId is { } id ? core.FrameworkById(id.Value)?.Info : null;

    private static bool IsWorthTelling(MasterChange.TaskUpdated updated) =>
        updated.PreviousStatusState != updated.Status.State
        || updated.Status.Reason is TaskStatus.Types.Reason.TaskHealthCheckStatusUpdated or TaskStatus.Types.Reason.TaskCheckStatusUpdated;

    private static TaskStatus WithoutData(TaskStatus status)
    {
        var copy = status.Clone();
        copy.ClearData();
        return copy;
    }
}
