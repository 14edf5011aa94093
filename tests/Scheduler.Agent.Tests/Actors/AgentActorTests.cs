using Akka.Actor;
using Google.Protobuf;
using Scheduler.Agent.Actors;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Tests.Actors;

/// <summary>
/// The agent actor running real processes in real cgroups (needs root and a cgroup mount), with a
/// probe as its master: registration, launches, kills and the one-at-a-time status update stream.
/// </summary>
[TestFixture]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentActorTests() : AgentActorFixture("agent-actor-tests")
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private CgroupContainerizer? _containerizer;

    [SetUp]
    public void StartAgent()
    {
        RequireRootAndCgroups("Agent actor tests");
        _containerizer = CgroupContainerizer.ForHost();
        CreateWorkDirectory("agent-actor-tests-");
        StartAgentActor(_containerizer);

        var registration = RegisterAgent();
        Assert.Multiple(() =>
        {
            Assert.That(registration.AgentInfo.Hostname, Is.EqualTo("127.0.0.1"));
            Assert.That(ResourceSet.FromProto(registration.AgentInfo.Resources), Is.EqualTo(ResourceSet.Parse("cpus:2;mem:1024")));
        });
    }

    [TearDown]
    public async Task StopContainers()
    {
        if (_containerizer is not null)
            await Task.WhenAll(_containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
    }

    [Test]
    public void A_finished_task_reports_starting_running_and_finished_one_acknowledgement_at_a_time()
    {
        Run("framework-1", "greeter", "echo hi");

        var starting = ExpectUpdate("greeter", TaskState.TaskStarting);
        Master.ExpectNoMsg(Quiet);
        Acknowledge(starting);
        var running = ExpectUpdate("greeter", TaskState.TaskRunning);
        Master.ExpectNoMsg(Quiet);
        Acknowledge(running);
        var finished = ExpectUpdate("greeter", TaskState.TaskFinished);

        Assert.Multiple(() =>
        {
            Assert.That(new[] { starting, running, finished }.Select(u => u.FrameworkId.Value), Is.All.EqualTo("framework-1"));
            Assert.That(new[] { starting, running, finished }.Select(u => u.Status.AgentId.Value), Is.All.EqualTo(AgentId));
            Assert.That(new[] { starting.Status.Uuid, running.Status.Uuid, finished.Status.Uuid }, Is.Unique);
            Assert.That(ExitCode(finished), Is.EqualTo("0"));
            Assert.That(File.ReadAllText(Path.Combine(Sandbox("greeter"), "stdout")), Is.EqualTo("hi\n"));
        });
    }

    [Test]
    public void An_acknowledgement_with_the_wrong_uuid_does_not_release_the_next_update()
    {
        Run("framework-1", "greeter", "echo hi");
        var starting = ExpectUpdate("greeter", TaskState.TaskStarting);

        var wrong = starting.Clone();
        wrong.Status.Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray());
        Acknowledge(wrong);

        Master.ExpectNoMsg(Quiet);
        Acknowledge(starting);
        ExpectUpdate("greeter", TaskState.TaskRunning);
    }

    [Test]
    public void A_failing_command_reports_failed_with_its_exit_code()
    {
        Run("framework-1", "broken", "exit 3");

        Acknowledge(ExpectUpdate("broken", TaskState.TaskStarting));
        Acknowledge(ExpectUpdate("broken", TaskState.TaskRunning));
        var failed = ExpectUpdate("broken", TaskState.TaskFailed);

        Assert.That(ExitCode(failed), Is.EqualTo("3"));
    }

    [Test]
    public void A_killed_task_reports_killed()
    {
        Run("framework-1", "sleeper", "sleep 60");
        Acknowledge(ExpectUpdate("sleeper", TaskState.TaskStarting));
        var running = ExpectUpdate("sleeper", TaskState.TaskRunning);

        Agent.Tell(new KillTask { FrameworkId = new FrameworkID { Value = "framework-1" }, TaskId = new TaskID { Value = "sleeper" } }, Master.Ref);
        Acknowledge(running);

        ExpectUpdate("sleeper", TaskState.TaskKilled);
        AwaitAssert(() => Assert.That(_containerizer!.Running, Is.Empty), Patience);
    }

    [Test]
    public void Shutting_a_framework_down_kills_its_tasks_and_only_its_tasks()
    {
        Run("framework-1", "first", "sleep 60");
        Run("framework-1", "second", "sleep 60");
        Run("framework-2", "bystander", "sleep 60");
        foreach (var starting in ExpectUpdates(3, TaskState.TaskStarting)) Acknowledge(starting);
        foreach (var running in ExpectUpdates(3, TaskState.TaskRunning)) Acknowledge(running);

        Agent.Tell(new ShutdownFramework { FrameworkId = new FrameworkID { Value = "framework-1" } }, Master.Ref);

        var killed = ExpectUpdates(2, TaskState.TaskKilled);
        Assert.Multiple(() =>
        {
            Assert.That(killed.Select(u => u.Status.TaskId.Value), Is.EquivalentTo(new[] { "first", "second" }));
            Assert.That(killed.Select(u => u.FrameworkId.Value), Is.All.EqualTo("framework-1"));
        });
        Master.ExpectNoMsg(Quiet);
        AwaitAssert(() => Assert.That(_containerizer!.Running, Has.Count.EqualTo(1)), Patience);
    }

    [Test]
    public void A_task_whose_id_cannot_name_a_sandbox_fails_without_running()
    {
        Run("framework-1", "..", "touch escaped");

        var failed = ExpectUpdate("..", TaskState.TaskFailed);

        Assert.Multiple(() =>
        {
            Assert.That(failed.Status.Reason, Is.EqualTo(Protocol.V1.TaskStatus.Types.Reason.ContainerLaunchFailed));
            Assert.That(_containerizer!.Running, Is.Empty);
            Assert.That(Directory.EnumerateFileSystemEntries(WorkDirectory, "*", SearchOption.AllDirectories)
                .Where(entry => !entry.StartsWith(Path.Combine(WorkDirectory, "meta"), StringComparison.Ordinal)), Is.Empty,
                "nothing but the agent's own checkpoint");
        });
    }

    [Test]
    public void After_losing_its_master_the_agent_reregisters_with_its_tasks_and_resends_the_unacknowledged_update()
    {
        Run("framework-1", "sleeper", "sleep 60");
        Acknowledge(ExpectUpdate("sleeper", TaskState.TaskStarting));
        var running = ExpectUpdate("sleeper", TaskState.TaskRunning);

        Sys.Stop(Master.Ref);

        var reregistration = MasterProxy.ExpectMsg<ReregisterAgent>(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(reregistration.AgentInfo.Id.Value, Is.EqualTo(AgentId));
            Assert.That(reregistration.Tasks.Select(t => (t.FrameworkId.Value, t.TaskId.Value, t.State)),
                Is.EqualTo(new[] { ("framework-1", "sleeper", TaskState.TaskRunning) }));
        });
        var newMaster = CreateTestProbe();
        Agent.Tell(new AgentReregistered { AgentId = new AgentID { Value = AgentId } }, newMaster.Ref);
        var resent = newMaster.ExpectMsg<StatusUpdateReported>(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(resent.Status.State, Is.EqualTo(TaskState.TaskRunning));
            Assert.That(resent.Status.Uuid, Is.EqualTo(running.Status.Uuid));
        });
        MasterProxy.ExpectNoMsg(Quiet);
    }

    [Test]
    public async Task The_agent_lists_its_running_containers_for_monitoring()
    {
        Run("framework-1", "sleeper", "sleep 60");
        Acknowledge(ExpectUpdate("sleeper", TaskState.TaskStarting));
        ExpectUpdate("sleeper", TaskState.TaskRunning);

        var monitored = await Agent.Ask<IReadOnlyList<Scheduler.Agent.Http.MonitoredContainer>>(GetMonitoredContainers.Instance, Patience);

        Assert.That(monitored.Select(m => (m.FrameworkId, m.ExecutorId, m.CpusLimit, m.Container.ContainerId)),
            Is.EqualTo(new[] { ("framework-1", "sleeper", (double?)0.1, _containerizer!.Running.Single().ContainerId) }));
    }

    private void Run(string frameworkId, string taskId, string command) => Launch(ShellTask(taskId, command), frameworkId);

    /// <summary>One update of each of <paramref name="count"/> tasks, in whatever order they come.</summary>
    private List<StatusUpdateReported> ExpectUpdates(int count, TaskState state)
    {
        var updates = Enumerable.Range(0, count).Select(_ => Master.ExpectMsg<StatusUpdateReported>(Patience)).ToList();
        Assert.That(updates.Select(u => u.Status.State), Is.All.EqualTo(state), string.Join("; ", updates.Select(u => u.Status.Message)));
        return updates;
    }
}
