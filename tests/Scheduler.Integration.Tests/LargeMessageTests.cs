using Akka.Actor;
using Akka.Cluster;
using Scheduler.Agent;
using Scheduler.Master;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Task = System.Threading.Tasks.Task;
using TaskState = Scheduler.Protocol.V1.TaskState;

namespace Scheduler.Integration.Tests;

/// <summary>
/// Messages as large as a busy agent's over real Akka.Remote between nodes configured as <c>sched</c> configures them:
/// Akka's default frame (128,000 bytes) would silently drop the re-registration of an agent running about 800 tasks.
/// </summary>
[TestFixture]
public sealed class LargeMessageTests
{
    private const int Tasks = 5000;
    private readonly InProcessNodes _nodes = new();

    [TearDown]
    public Task StopAsync() => _nodes.StopAllAsync();

    [Test]
    public async Task The_reregistration_of_an_agent_running_thousands_of_tasks_reaches_the_master()
    {
        var master = await _nodes.StartAsync(MasterNode.Role, seed: null);
        var agent = await _nodes.StartAsync(AgentNode.Role, Cluster.Get(master).SelfAddress.ToString());
        var received = new TaskCompletionSource<ReregisterAgent>(TaskCreationOptions.RunContinuationsAsynchronously);
        master.ActorOf(Props.Create(() => new Receiver(received)), "receiver");
        var reregister = Reregistration(Tasks);
        Assert.That(reregister.CalculateSize(), Is.GreaterThan(4 * 128_000), "four times Akka's default frame");

        agent.ActorSelection(new RootActorPath(Cluster.Get(master).SelfAddress) / "user" / "receiver").Tell(reregister);

        var arrived = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.That(arrived.Tasks, Has.Count.EqualTo(Tasks));
        Assert.That(arrived, Is.EqualTo(reregister));
    }

    private static ReregisterAgent Reregistration(int tasks)
    {
        var agentId = new AgentID { Value = "large-S0" };
        var resources = ResourceSet.Parse("cpus:0.1;mem:5").Allocate("*").ToProto();
        var reregister = new ReregisterAgent { AgentInfo = new AgentInfo { Id = agentId, Hostname = "127.0.0.1" }, Version = "test" };
        for (var i = 0; i < tasks; i++)
        {
            var task = new Protocol.V1.Task
            {
                Name = $"task {i}", TaskId = new TaskID { Value = $"large-task-{i:00000}" }, FrameworkId = new FrameworkID { Value = "large-0000" },
                AgentId = agentId, State = TaskState.TaskRunning, Labels = new Labels(),
            };
            task.Resources.AddRange(resources);
            for (var l = 0; l < 5; l++) task.Labels.Labels_.Add(new Label { Key = $"key{l}", Value = $"value{l}" });
            reregister.Tasks.Add(task);
        }
        return reregister;
    }

    private sealed class Receiver : ReceiveActor
    {
        public Receiver(TaskCompletionSource<ReregisterAgent> received) => Receive<ReregisterAgent>(message => received.TrySetResult(message));
    }
}
