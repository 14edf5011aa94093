using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Google.Protobuf;
using Scheduler.Agent.Actors;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Serialization;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Scheduler.Testing;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Tests.Actors;

/// <summary>
/// The agent actor running real processes in real cgroups (needs root and a cgroup mount), with a
/// probe as its master: registration, launches, kills and the one-at-a-time status update stream.
/// </summary>
[TestFixture]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentActorTests : ActorTestBase
{
    private const string AgentId = "agent-1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private static readonly Config Config = ConfigurationFactory.ParseString("akka.loglevel = WARNING")
        .WithFallback(ProtocolSerialization.Config);

    private CgroupContainerizer? _containerizer;
    private string? _workDirectory;
    private TestProbe _masterProxy = null!;
    private TestProbe _master = null!;
    private IActorRef _agent = null!;

    public AgentActorTests()
        : base(Config, "agent-actor-tests")
    {
    }

    [SetUp]
    public void StartAgent()
    {
        if (System.Environment.UserName != "root")
        {
            var reason = $"Agent actor tests launch real containers and need root to create cgroups; running as {System.Environment.UserName}";
            TestContext.Progress.WriteLine(reason);
            Assert.Ignore(reason);
        }
        if (CgroupsDetector.Detect() is null)
        {
            var reason = $"Agent actor tests launch real containers but no cgroups are mounted at {CgroupsDetector.DefaultRoot}";
            TestContext.Progress.WriteLine(reason);
            Assert.Ignore(reason);
        }

        _containerizer = CgroupContainerizer.ForHost();
        _workDirectory = Directory.CreateTempSubdirectory("agent-actor-tests-").FullName;
        var settings = new AgentSettings
        {
            WorkDirectory = _workDirectory,
            RegistrationRetry = TimeSpan.FromMinutes(1),
            DefaultKillGracePeriod = TimeSpan.FromSeconds(1),
        };
        var info = new AgentInfo { Hostname = "127.0.0.1", Port = 5051 };
        info.Resources.AddRange(ResourceSet.Parse("cpus:2;mem:1024").ToProto());

        _masterProxy = CreateTestProbe();
        _master = CreateTestProbe();
        _agent = Sys.ActorOf(AgentActor.Props(settings, info, _masterProxy.Ref, _containerizer));

        var registration = _masterProxy.ExpectMsg<RegisterAgent>(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(registration.AgentInfo.Hostname, Is.EqualTo("127.0.0.1"));
            Assert.That(ResourceSet.FromProto(registration.AgentInfo.Resources), Is.EqualTo(ResourceSet.Parse("cpus:2;mem:1024")));
        });
        _agent.Tell(new AgentRegistered { AgentId = new AgentID { Value = AgentId } }, _master.Ref);
    }

    [TearDown]
    public async Task StopContainersAndRemoveSandboxes()
    {
        if (_containerizer is not null)
            await Task.WhenAll(_containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
        if (_workDirectory is not null && Directory.Exists(_workDirectory))
            Directory.Delete(_workDirectory, recursive: true);
    }

    [Test]
    public void A_finished_task_reports_starting_running_and_finished_one_acknowledgement_at_a_time()
    {
        Run("framework-1", "greeter", "echo hi");

        var starting = ExpectUpdate("greeter", TaskState.TaskStarting);
        _master.ExpectNoMsg(Quiet);
        Acknowledge(starting);
        var running = ExpectUpdate("greeter", TaskState.TaskRunning);
        _master.ExpectNoMsg(Quiet);
        Acknowledge(running);
        var finished = ExpectUpdate("greeter", TaskState.TaskFinished);

        Assert.Multiple(() =>
        {
            Assert.That(new[] { starting, running, finished }.Select(u => u.FrameworkId.Value), Is.All.EqualTo("framework-1"));
            Assert.That(new[] { starting, running, finished }.Select(u => u.Status.AgentId.Value), Is.All.EqualTo(AgentId));
            Assert.That(new[] { starting.Status.Uuid, running.Status.Uuid, finished.Status.Uuid }, Is.Unique);
            Assert.That(finished.Status.Labels.Labels_.Single(l => l.Key == TaskStatusBuilder.ExitCodeLabel).Value, Is.EqualTo("0"));
            Assert.That(File.ReadAllText(Path.Combine(Sandbox("framework-1", "greeter"), "stdout")), Is.EqualTo("hi\n"));
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

        _master.ExpectNoMsg(Quiet);
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

        Assert.That(failed.Status.Labels.Labels_.Single(l => l.Key == TaskStatusBuilder.ExitCodeLabel).Value, Is.EqualTo("3"));
    }

    [Test]
    public void A_killed_task_reports_killed()
    {
        Run("framework-1", "sleeper", "sleep 60");
        Acknowledge(ExpectUpdate("sleeper", TaskState.TaskStarting));
        var running = ExpectUpdate("sleeper", TaskState.TaskRunning);

        _agent.Tell(new KillTask { FrameworkId = new FrameworkID { Value = "framework-1" }, TaskId = new TaskID { Value = "sleeper" } }, _master.Ref);
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

        _agent.Tell(new ShutdownFramework { FrameworkId = new FrameworkID { Value = "framework-1" } }, _master.Ref);

        var killed = ExpectUpdates(2, TaskState.TaskKilled);
        Assert.Multiple(() =>
        {
            Assert.That(killed.Select(u => u.Status.TaskId.Value), Is.EquivalentTo(new[] { "first", "second" }));
            Assert.That(killed.Select(u => u.FrameworkId.Value), Is.All.EqualTo("framework-1"));
        });
        _master.ExpectNoMsg(Quiet);
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
            Assert.That(Directory.EnumerateFileSystemEntries(_workDirectory!, "*", SearchOption.AllDirectories)
                .Where(entry => !entry.StartsWith(Path.Combine(_workDirectory!, "meta"), StringComparison.Ordinal)), Is.Empty,
                "nothing but the agent's own checkpoint");
        });
    }

    [Test]
    public void After_losing_its_master_the_agent_reregisters_with_its_tasks_and_resends_the_unacknowledged_update()
    {
        Run("framework-1", "sleeper", "sleep 60");
        Acknowledge(ExpectUpdate("sleeper", TaskState.TaskStarting));
        var running = ExpectUpdate("sleeper", TaskState.TaskRunning);

        Sys.Stop(_master.Ref);

        var reregistration = _masterProxy.ExpectMsg<ReregisterAgent>(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(reregistration.AgentInfo.Id.Value, Is.EqualTo(AgentId));
            Assert.That(reregistration.Tasks.Select(t => (t.FrameworkId.Value, t.TaskId.Value, t.State)),
                Is.EqualTo(new[] { ("framework-1", "sleeper", TaskState.TaskRunning) }));
        });
        var newMaster = CreateTestProbe();
        _agent.Tell(new AgentReregistered { AgentId = new AgentID { Value = AgentId } }, newMaster.Ref);
        var resent = newMaster.ExpectMsg<StatusUpdateReported>(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(resent.Status.State, Is.EqualTo(TaskState.TaskRunning));
            Assert.That(resent.Status.Uuid, Is.EqualTo(running.Status.Uuid));
        });
        _masterProxy.ExpectNoMsg(Quiet);
    }

    [Test]
    public async Task The_agent_lists_its_running_containers_for_monitoring()
    {
        Run("framework-1", "sleeper", "sleep 60");
        Acknowledge(ExpectUpdate("sleeper", TaskState.TaskStarting));
        ExpectUpdate("sleeper", TaskState.TaskRunning);

        var monitored = await _agent.Ask<IReadOnlyList<Scheduler.Agent.Http.MonitoredContainer>>(GetMonitoredContainers.Instance, Patience);

        Assert.That(monitored.Select(m => (m.FrameworkId, m.ExecutorId, m.CpusLimit, m.Container.ContainerId)),
            Is.EqualTo(new[] { ("framework-1", "sleeper", (double?)0.1, _containerizer!.Running.Single().ContainerId) }));
    }

    private void Run(string frameworkId, string taskId, string command)
    {
        var task = new TaskInfo
        {
            Name = taskId,
            TaskId = new TaskID { Value = taskId },
            AgentId = new AgentID { Value = AgentId },
            Command = new CommandInfo { Shell = true, Value = command },
        };
        task.Resources.AddRange(ResourceSet.Parse("cpus:0.1;mem:32").ToProto());
        var framework = new FrameworkInfo { Id = new FrameworkID { Value = frameworkId }, Name = frameworkId, User = "root" };
        _agent.Tell(new RunTask { Framework = framework, Task = task }, _master.Ref);
    }

    private StatusUpdateReported ExpectUpdate(string taskId, TaskState state)
    {
        var update = _master.ExpectMsg<StatusUpdateReported>(Patience);
        Assert.That((update.Status.TaskId.Value, update.Status.State), Is.EqualTo((taskId, state)), update.Status.Message);
        return update;
    }

    /// <summary>One update of each of <paramref name="count"/> tasks, in whatever order they come.</summary>
    private List<StatusUpdateReported> ExpectUpdates(int count, TaskState state)
    {
        var updates = Enumerable.Range(0, count).Select(_ => _master.ExpectMsg<StatusUpdateReported>(Patience)).ToList();
        Assert.That(updates.Select(u => u.Status.State), Is.All.EqualTo(state), string.Join("; ", updates.Select(u => u.Status.Message)));
        return updates;
    }

    private void Acknowledge(StatusUpdateReported update) =>
        _agent.Tell(new AcknowledgeStatusUpdate
        {
            AgentId = update.Status.AgentId,
            FrameworkId = update.FrameworkId,
            TaskId = update.Status.TaskId,
            Uuid = update.Status.Uuid,
        }, _master.Ref);

    private string Sandbox(string frameworkId, string taskId) => SandboxLayout.For(_workDirectory!, frameworkId, taskId);
}
