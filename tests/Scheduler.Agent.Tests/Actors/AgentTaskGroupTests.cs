using Scheduler.Agent.Containers;
using Scheduler.Protocol;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Tests.Actors;

/// <summary>
/// Task groups run as Mesos's default executor runs them (needs root and cgroups): every task in its own container,
/// and a task that fails or is killed takes the rest of its group with it, while one that finishes does not.
/// </summary>
[TestFixture]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentTaskGroupTests() : AgentActorFixture("agent-task-group-tests")
{
    private CgroupContainerizer? _containerizer;

    [SetUp]
    public void StartAgent()
    {
        RequireRootAndCgroups("Task group tests");
        _containerizer = CgroupContainerizer.ForHost();
        CreateWorkDirectory("agent-task-group-tests-");
        StartAgentActor(_containerizer);
        RegisterAgent();
    }

    [TearDown]
    public async Task StopContainers()
    {
        if (_containerizer is not null)
            await Task.WhenAll(_containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
    }

    [Test]
    public void A_failing_task_kills_the_rest_of_its_group()
    {
        LaunchGroup(ShellTask("server", "sleep 30"), ShellTask("crashing", "sleep 0.2; exit 3"));

        var terminal = TerminalStates("server", "crashing");

        Assert.That(terminal["crashing"], Is.EqualTo(TaskState.TaskFailed));
        Assert.That(terminal["server"], Is.EqualTo(TaskState.TaskKilled));
        Assert.That(_containerizer!.Running, Is.Empty);
    }

    [Test]
    public void A_task_that_finishes_leaves_the_rest_of_its_group_running()
    {
        LaunchGroup(ShellTask("server", "sleep 1"), ShellTask("setup", "true"));

        var terminal = TerminalStates("server", "setup");

        Assert.That(terminal["setup"], Is.EqualTo(TaskState.TaskFinished));
        Assert.That(terminal["server"], Is.EqualTo(TaskState.TaskFinished));
    }

    [Test]
    public void Killing_one_task_of_a_group_kills_them_all()
    {
        LaunchGroup(ShellTask("server", "sleep 30"), ShellTask("sidecar", "sleep 30"));
        WaitUntil(() => _containerizer!.Running.Count == 2, "both tasks run");

        Agent.Tell(new KillTask { FrameworkId = new FrameworkID { Value = FrameworkId }, TaskId = new TaskID { Value = "sidecar" } }, Master.Ref);

        var terminal = TerminalStates("server", "sidecar");
        Assert.That(terminal.Values, Is.All.EqualTo(TaskState.TaskKilled));
    }

    private void LaunchGroup(params TaskInfo[] tasks)
    {
        var framework = new FrameworkInfo { Id = new FrameworkID { Value = FrameworkId }, Name = FrameworkId, User = "root" };
        var executor = new ExecutorInfo
        {
            Type = ExecutorInfo.Types.Type.Default, ExecutorId = new ExecutorID { Value = "default" }, FrameworkId = framework.Id,
        };
        Agent.Tell(new RunTaskGroup { Framework = framework, Executor = executor, TaskGroup = new TaskGroupInfo { Tasks = { tasks } } }, Master.Ref);
    }

    /// <summary>
    /// Acknowledges every update until each task reached a terminal state; returns those states. Terminal updates stay
    /// unacknowledged, so the agent keeps the tasks' checkpoints while the test removes the work directory.
    /// </summary>
    private Dictionary<string, TaskState> TerminalStates(params string[] taskIds)
    {
        var terminal = new Dictionary<string, TaskState>();
        while (!taskIds.All(terminal.ContainsKey))
        {
            var update = Master.ExpectMsg<StatusUpdateReported>(Patience);
            if (TaskStates.IsTerminal(update.Status.State)) terminal[update.Status.TaskId.Value] = update.Status.State;
            else Acknowledge(update);
        }
        return terminal;
    }
}
