using Scheduler.Agent.Containers;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Tests.Actors;

/// <summary>
/// The master's <see cref="ShutdownAgent"/> (the agent was marked gone), as Mesos's agent handles it: every task is
/// killed and reported TASK_KILLED, then the agent stops and says why, so that its process exits.
/// </summary>
[TestFixture]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentShutdownTests() : AgentActorFixture("agent-shutdown-tests")
{
    private readonly TaskCompletionSource<string> _shutDown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CgroupContainerizer? _containerizer;

    [SetUp]
    public void StartAgent()
    {
        RequireRootAndCgroups("Agent shutdown tests");
        _containerizer = CgroupContainerizer.ForHost();
        CreateWorkDirectory("agent-shutdown-tests-");
        StartAgentActor(_containerizer, shutDown: message => _shutDown.TrySetResult(message));
        RegisterAgent();
    }

    [TearDown]
    public async Task StopContainers()
    {
        if (_containerizer is not null)
            await Task.WhenAll(_containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
    }

    [Test]
    public void Shutdown_kills_every_task_then_stops_the_agent_with_the_masters_reason()
    {
        Launch(ShellTask("first", "sleep 60"));
        AcknowledgeUntilRunning("first");
        Launch(ShellTask("second", "sleep 60"));
        AcknowledgeUntilRunning("second");
        Watch(Agent);

        Agent.Tell(new ShutdownAgent { Message = "Agent was marked gone by the operator" }, Master.Ref);

        var killed = new[] { Master.ExpectMsg<StatusUpdateReported>(Patience), Master.ExpectMsg<StatusUpdateReported>(Patience) };
        ExpectTerminated(Agent, Patience);
        Assert.Multiple(() =>
        {
            Assert.That(killed.Select(u => u.Status.TaskId.Value), Is.EquivalentTo(new[] { "first", "second" }));
            Assert.That(killed.Select(u => u.Status.State), Is.All.EqualTo(TaskState.TaskKilled));
            Assert.That(_shutDown.Task.IsCompletedSuccessfully, Is.True, "the agent's process was not told to exit");
            Assert.That(_shutDown.Task.Result, Is.EqualTo("Agent was marked gone by the operator"));
            Assert.That(_containerizer!.Running, Is.Empty, "a task's container still runs");
        });
    }

    [Test]
    public void An_agent_without_tasks_stops_at_once()
    {
        Watch(Agent);

        Agent.Tell(new ShutdownAgent { Message = "Agent was marked gone" }, Master.Ref);

        ExpectTerminated(Agent, Patience);
        Assert.That(_shutDown.Task.Result, Is.EqualTo("Agent was marked gone"));
    }

    [Test]
    public void A_shutdown_from_other_than_the_registered_master_is_ignored()
    {
        Launch(ShellTask("sleeper", "sleep 60"));
        AcknowledgeUntilRunning("sleeper");
        var stranger = CreateTestProbe();

        Agent.Tell(new ShutdownAgent { Message = "not from the master" }, stranger.Ref);

        Master.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.Multiple(() =>
        {
            Assert.That(_shutDown.Task.IsCompleted, Is.False);
            Assert.That(_containerizer!.Running, Has.Count.EqualTo(1));
        });
    }
}
