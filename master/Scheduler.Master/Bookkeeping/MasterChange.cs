using Scheduler.Protocol.V1;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// A change of the master's state as it happens, reported through <see cref="MasterCore.Changed"/> for the
/// operator event stream. The records refer to the live bookkeeping: read them before the core moves on.
/// </summary>
public abstract record MasterChange
{
    /// <summary>A task the master now knows: launched, or reported by an agent that (re-)registered.</summary>
    public sealed record TaskAdded(Protocol.V1.Task Task) : MasterChange;

    /// <summary>A status the master applied to a task; <paramref name="PreviousStatusState"/> is the state of the status before it.</summary>
    public sealed record TaskUpdated(Protocol.V1.Task Task, TaskStatus Status, TaskState? PreviousStatusState) : MasterChange;

    public sealed record AgentAdded(AgentRecord Agent) : MasterChange;

    /// <summary>The agent left the master: unreachable or marked gone.</summary>
    public sealed record AgentRemoved(AgentID AgentId) : MasterChange;

    public sealed record FrameworkAdded(FrameworkRecord Framework) : MasterChange;

    /// <summary>The framework subscribed again or changed its info.</summary>
    public sealed record FrameworkUpdated(FrameworkRecord Framework) : MasterChange;

    public sealed record FrameworkRemoved(FrameworkInfo Info) : MasterChange;
}
