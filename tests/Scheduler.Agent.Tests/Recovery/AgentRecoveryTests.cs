using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Scheduler.Agent.Actors;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Recovery;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Serialization;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Scheduler.Testing;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Agent.Tests.Recovery;

/// <summary>
/// Mesos's SlaveRecoveryTest scenarios with real processes in real cgroups: the agent actor stops while its task runs
/// (leaving it running, as a crash would) and a new agent actor, with a new containerizer, starts on the same work
/// directory. Also the kill policy: SIGTERM, then SIGKILL after the grace period.
/// </summary>
[TestFixture]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentRecoveryTests : ActorTestBase
{
    private const string AgentId = "agent-1";
    private const string FrameworkId = "framework-1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly Config Config = ConfigurationFactory.ParseString("akka.loglevel = WARNING")
        .WithFallback(ProtocolSerialization.Config);

    private readonly List<CgroupContainerizer> _containerizers = [];
    private string _workDirectory = "";
    private TestProbe _masterProxy = null!;
    private TestProbe _master = null!;
    private IActorRef _agent = null!;

    public AgentRecoveryTests()
        : base(Config, "agent-recovery-tests")
    {
    }

    [SetUp]
    public void StartAgent()
    {
        if (System.Environment.UserName != "root" || CgroupsDetector.Detect() is null)
        {
            var reason = $"Recovery tests launch real containers and need root and cgroups; running as {System.Environment.UserName}";
            TestContext.Progress.WriteLine(reason);
            Assert.Ignore(reason);
        }
        _workDirectory = Directory.CreateTempSubdirectory("agent-recovery-tests-").FullName;
        _agent = StartAgentActor();
        Assert.That(_masterProxy.ExpectMsg<RegisterAgent>(Patience).AgentInfo.Id, Is.Null);
        _agent.Tell(new AgentRegistered { AgentId = new AgentID { Value = AgentId } }, _master.Ref);
    }

    [TearDown]
    public async Task StopContainersAndRemoveWorkDirectory()
    {
        foreach (var containerizer in _containerizers)
            await Task.WhenAll(containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
        if (Directory.Exists(_workDirectory)) Directory.Delete(_workDirectory, recursive: true);
    }

    [Test]
    public void A_task_running_when_the_agent_stops_is_reattached_and_reports_finished_with_its_exit_code()
    {
        Run("sleeper", WaitForReleaseThenExit(0));
        AcknowledgeUntilRunning("sleeper");
        var pid = _containerizers[0].Running.Single().Pid;

        CrashAgent();
        Assert.That(Directory.Exists($"/proc/{pid}"), Is.True, "the task survives the agent");
        _agent = StartAgentActor();

        var reregistration = _masterProxy.ExpectMsg<ReregisterAgent>(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(reregistration.AgentInfo.Id.Value, Is.EqualTo(AgentId));
            Assert.That(reregistration.Tasks.Select(t => (t.TaskId.Value, t.State)), Is.EqualTo(new[] { ("sleeper", TaskState.TaskRunning) }));
        });
        _agent.Tell(new AgentReregistered { AgentId = new AgentID { Value = AgentId } }, _master.Ref);
        Assert.That(_containerizers[1].Running.Select(c => c.Pid), Is.EqualTo(new[] { pid }));

        Release("sleeper");
        var finished = ExpectUpdate("sleeper", TaskState.TaskFinished);
        Assert.That(ExitCode(finished), Is.EqualTo("0"));
    }

    [Test]
    public void A_task_that_ended_while_the_agent_was_down_reports_its_real_exit_code()
    {
        Run("quitter", WaitForReleaseThenExit(3));
        AcknowledgeUntilRunning("quitter");
        var statusFile = Path.Combine(CgroupContainerizer.RuntimeDirectoryOf(_workDirectory), ContainerIdOf("quitter"), "status");

        CrashAgent();
        Release("quitter");
        WaitUntil(() => File.Exists(statusFile), "the task's supervisor records its exit status");
        _agent = StartAgentActor();

        _masterProxy.ExpectMsg<ReregisterAgent>(Patience);
        _agent.Tell(new AgentReregistered { AgentId = new AgentID { Value = AgentId } }, _master.Ref);
        var failed = ExpectUpdate("quitter", TaskState.TaskFailed);
        Assert.Multiple(() =>
        {
            Assert.That(ExitCode(failed), Is.EqualTo("3"));
            Assert.That(failed.Status.Message, Is.EqualTo("Command exited with status 3"));
        });
        Acknowledge(failed);
        WaitUntil(() => !Directory.Exists(new CheckpointLayout(_workDirectory).TaskDirectory(FrameworkId, "quitter")),
            "the acknowledged task's checkpoint is removed");
    }

    [Test]
    public void An_unacknowledged_update_is_replayed_and_resent_after_the_restart()
    {
        Run("sleeper", WaitForReleaseThenExit(0));
        Acknowledge(ExpectUpdate("sleeper", TaskState.TaskStarting));
        var running = ExpectUpdate("sleeper", TaskState.TaskRunning);

        CrashAgent();
        _agent = StartAgentActor();
        _masterProxy.ExpectMsg<ReregisterAgent>(Patience);
        _agent.Tell(new AgentReregistered { AgentId = new AgentID { Value = AgentId } }, _master.Ref);

        var resent = ExpectUpdate("sleeper", TaskState.TaskRunning);
        Assert.That(resent.Status.Uuid, Is.EqualTo(running.Status.Uuid));
    }

    [Test]
    public void After_a_reboot_the_agent_registers_afresh_reports_the_task_lost_and_leaves_no_process_behind()
    {
        Run("sleeper", WaitForReleaseThenExit(0));
        AcknowledgeUntilRunning("sleeper");
        var pid = _containerizers[0].Running.Single().Pid;

        CrashAgent();
        File.WriteAllText(new CheckpointLayout(_workDirectory).BootIdFile, "a-boot-before-this-one\n");
        _agent = StartAgentActor();

        var registration = _masterProxy.ExpectMsg<RegisterAgent>(Patience);
        Assert.That(registration.AgentInfo.Id, Is.Null);
        _agent.Tell(new AgentRegistered { AgentId = new AgentID { Value = "agent-2" } }, _master.Ref);
        var lost = _master.ExpectMsg<StatusUpdateReported>(Patience);
        Assert.Multiple(() =>
        {
            Assert.That((lost.Status.TaskId.Value, lost.Status.State), Is.EqualTo(("sleeper", TaskState.TaskLost)));
            Assert.That(lost.Status.Reason, Is.EqualTo(TaskStatus.Types.Reason.AgentRestarted));
            Assert.That(lost.Status.AgentId.Value, Is.EqualTo(AgentId));
        });
        WaitUntil(() => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z "),
            "the task the agent no longer knows is killed");
    }

    [Test]
    public void A_task_ignoring_sigterm_is_killed_with_sigkill_after_the_grace_period_reporting_killing_first()
    {
        Run("stubborn", "trap '' TERM; echo ready; while :; do sleep 0.05; done", killingCapable: true);
        AcknowledgeUntilRunning("stubborn");
        WaitUntil(() => File.Exists(Stdout("stubborn")) && File.ReadAllText(Stdout("stubborn")).Contains("ready"), "the trap is set");

        var started = System.Diagnostics.Stopwatch.StartNew();
        _agent.Tell(new KillTask
        {
            FrameworkId = new FrameworkID { Value = FrameworkId }, TaskId = new TaskID { Value = "stubborn" },
            KillPolicy = new KillPolicy { GracePeriod = new DurationInfo { Nanoseconds = 1_000_000_000 } },
        }, _master.Ref);

        Acknowledge(ExpectUpdate("stubborn", TaskState.TaskKilling));
        var killed = ExpectUpdate("stubborn", TaskState.TaskKilled);
        Assert.Multiple(() =>
        {
            Assert.That(started.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)), "SIGKILL waits for the grace period");
            Assert.That(killed.Status.Message, Is.EqualTo("Command terminated by signal 9"));
        });
    }

    private IActorRef StartAgentActor()
    {
        var containerizer = CgroupContainerizer.ForHost(CgroupContainerizer.RuntimeDirectoryOf(_workDirectory));
        _containerizers.Add(containerizer);
        var settings = new AgentSettings
        {
            WorkDirectory = _workDirectory,
            RegistrationRetry = TimeSpan.FromMinutes(1),
            DefaultKillGracePeriod = TimeSpan.FromSeconds(1),
            KillTasksOnStop = false,
        };
        var info = new AgentInfo { Hostname = "127.0.0.1", Port = 5051 };
        info.Resources.AddRange(ResourceSet.Parse("cpus:2;mem:1024").ToProto());
        _masterProxy = CreateTestProbe();
        _master = CreateTestProbe();
        return Sys.ActorOf(AgentActor.Props(settings, info, _masterProxy.Ref, containerizer));
    }

    private void CrashAgent()
    {
        Watch(_agent);
        Sys.Stop(_agent);
        ExpectTerminated(_agent, Patience);
    }

    private void Run(string taskId, string command, bool killingCapable = false)
    {
        var task = new TaskInfo
        {
            Name = taskId,
            TaskId = new TaskID { Value = taskId },
            AgentId = new AgentID { Value = AgentId },
            Command = new CommandInfo { Shell = true, Value = command },
        };
        task.Resources.AddRange(ResourceSet.Parse("cpus:0.1;mem:32").ToProto());
        var framework = new FrameworkInfo { Id = new FrameworkID { Value = FrameworkId }, Name = FrameworkId, User = "root" };
        if (killingCapable)
            framework.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.TaskKillingState });
        _agent.Tell(new RunTask { Framework = framework, Task = task }, _master.Ref);
    }

    private static string WaitForReleaseThenExit(int code) => $"while [ ! -e release ]; do sleep 0.05; done; exit {code}";

    private void Release(string taskId) => File.WriteAllText(Path.Combine(SandboxLayout.For(_workDirectory, FrameworkId, taskId), "release"), "");

    private string Stdout(string taskId) => Path.Combine(SandboxLayout.For(_workDirectory, FrameworkId, taskId), "stdout");

    private string ContainerIdOf(string taskId) =>
        File.ReadAllText(CheckpointLayout.ContainerIdFile(new CheckpointLayout(_workDirectory).TaskDirectory(FrameworkId, taskId)));

    private void AcknowledgeUntilRunning(string taskId)
    {
        Acknowledge(ExpectUpdate(taskId, TaskState.TaskStarting));
        Acknowledge(ExpectUpdate(taskId, TaskState.TaskRunning));
    }

    private StatusUpdateReported ExpectUpdate(string taskId, TaskState state)
    {
        var update = _master.ExpectMsg<StatusUpdateReported>(Patience);
        Assert.That((update.Status.TaskId.Value, update.Status.State), Is.EqualTo((taskId, state)), update.Status.Message);
        return update;
    }

    private void Acknowledge(StatusUpdateReported update) =>
        _agent.Tell(new AcknowledgeStatusUpdate
        {
            AgentId = update.Status.AgentId,
            FrameworkId = update.FrameworkId,
            TaskId = update.Status.TaskId,
            Uuid = update.Status.Uuid,
        }, _master.Ref);

    private static string ExitCode(StatusUpdateReported update) =>
        update.Status.Labels.Labels_.Single(l => l.Key == TaskStatusBuilder.ExitCodeLabel).Value;

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not within {Patience}: {what}");
            Thread.Sleep(20);
        }
    }
}
