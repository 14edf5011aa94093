using Akka.Actor;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using TaskState = Scheduler.Protocol.V1.TaskState;

namespace Scheduler.Benchmarks;

/// <summary>
/// An agent as the master sees it over the wire: told that its master is gone, it re-registers through the
/// proxy with its id, its running tasks and its resources, as <c>AgentActor</c> does; it runs nothing.
/// </summary>
public sealed class SimulatedAgent : ReceiveActor
{
    private static readonly ResourceSet TaskResources = ResourceSet.Parse("cpus:0.1;mem:5").Allocate("*");

    public SimulatedAgent(AgentInfo info, IActorRef masterProxy, string frameworkId, int tasks)
    {
        var reregister = new ReregisterAgent { AgentInfo = info, Version = "benchmark" };
        for (var i = 0; i < tasks; i++) reregister.Tasks.Add(RunningTask(info.Id, frameworkId, i));
        FailoverCountdown? waiting = null;
        Receive<MasterLost>(lost =>
        {
            waiting = lost.Reregistered;
            masterProxy.Tell(reregister);
        });
        Receive<AgentReregistered>(_ =>
        {
            waiting?.Signal();
            waiting = null;
        });
        ReceiveAny(_ => { });
    }

    public static Props Props(AgentInfo info, IActorRef masterProxy, string frameworkId, int tasks) =>
        Akka.Actor.Props.Create(() => new SimulatedAgent(info, masterProxy, frameworkId, tasks));

    /// <summary>A running task shaped as Mesos's failover benchmark shapes its tasks: small, with ten labels.</summary>
    private static Protocol.V1.Task RunningTask(AgentID agentId, string frameworkId, int index)
    {
        var task = new Protocol.V1.Task
        {
            Name = "dummy command",
            TaskId = new TaskID { Value = $"{agentId.Value}-task-{index}" },
            FrameworkId = new FrameworkID { Value = frameworkId },
            AgentId = agentId,
            State = TaskState.TaskRunning,
            Labels = new Labels(),
        };
        task.Resources.AddRange(TaskResources.ToProto());
        for (var i = 0; i < 10; i++) task.Labels.Labels_.Add(new Label { Key = $"key{i}", Value = $"value{i}" });
        return task;
    }

    /// <summary>The master this agent was registered with is gone: re-register, and signal once the new one confirms.</summary>
    public sealed record MasterLost(FailoverCountdown Reregistered);
}
