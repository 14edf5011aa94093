using Akka.Actor;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;

namespace Scheduler.Benchmarks;

/// <summary>
/// Stands in for the master in front of one agent actor: admits it, records each status update in a
/// <see cref="TaskStateTally"/> and acknowledges it at once, as a framework that keeps up would.
/// <paramref name="registered"/> completes once the agent has been told its id, so that tasks sent after it
/// find the agent registered.
/// </summary>
public sealed class AcknowledgingMaster : ReceiveActor
{
    public AcknowledgingMaster(string agentId, TaskStateTally tally, TaskCompletionSource registered)
    {
        var id = new AgentID { Value = agentId };
        Receive<RegisterAgent>(_ =>
        {
            Sender.Tell(new AgentRegistered { AgentId = id });
            registered.TrySetResult();
        });
        Receive<ReregisterAgent>(_ => Sender.Tell(new AgentReregistered { AgentId = id }));
        Receive<StatusUpdateReported>(update =>
        {
            tally.Record(update.Status.TaskId.Value, update.Status.State, update.Status.Message);
            Sender.Tell(new AcknowledgeStatusUpdate
            {
                AgentId = update.Status.AgentId,
                FrameworkId = update.FrameworkId,
                TaskId = update.Status.TaskId,
                Uuid = update.Status.Uuid,
            });
        });
    }

    public static Props Props(string agentId, TaskStateTally tally, TaskCompletionSource registered) =>
        Akka.Actor.Props.Create(() => new AcknowledgingMaster(agentId, tally, registered));
}
