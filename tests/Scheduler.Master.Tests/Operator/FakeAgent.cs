using Akka.Actor;
using Scheduler.Protocol.Internal;

namespace Scheduler.Master.Tests.Operator;

/// <summary>Plays an agent towards the master: keeps the id it is given and the tasks it is asked to run, runs nothing.</summary>
public sealed class FakeAgent : ReceiveActor
{
    public FakeAgent(TaskCompletionSource<string> registered, TaskCompletionSource<RunTask> firstTask)
    {
        Receive<AgentRegistered>(message => registered.TrySetResult(message.AgentId.Value));
        Receive<RunTask>(message => firstTask.TrySetResult(message));
        ReceiveAny(_ => { });
    }

    public static Props Props(TaskCompletionSource<string> registered, TaskCompletionSource<RunTask> firstTask) =>
        Akka.Actor.Props.Create(() => new FakeAgent(registered, firstTask));
}
