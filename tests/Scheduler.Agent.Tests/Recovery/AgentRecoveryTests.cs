using Akka.Actor;
using Scheduler.Agent.Actors;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Recovery;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
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
public sealed class AgentRecoveryTests() : AgentActorFixture("agent-recovery-tests")
{
    private readonly List<CgroupContainerizer> _containerizers = [];

    [SetUp]
    public void StartAgent()
    {
        RequireRootAndCgroups("Recovery tests");
        CreateWorkDirectory("agent-recovery-tests-");
        StartAgentActor();
        Assert.That(RegisterAgent().AgentInfo.Id, Is.Null);
    }

    [TearDown]
    public async Task StopContainers()
    {
        foreach (var containerizer in _containerizers)
            await Task.WhenAll(containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
    }

    [Test]
    public void A_task_running_when_the_agent_stops_is_reattached_and_reports_finished_with_its_exit_code()
    {
        Run("sleeper", WaitForReleaseThenExit(0));
        AcknowledgeUntilRunning("sleeper");
        var pid = _containerizers[0].Running.Single().Pid;

        CrashAgent();
        Assert.That(Directory.Exists($"/proc/{pid}"), Is.True, "the task survives the agent");
        StartAgentActor();

        var reregistration = MasterProxy.ExpectMsg<ReregisterAgent>(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(reregistration.AgentInfo.Id.Value, Is.EqualTo(AgentId));
            Assert.That(reregistration.Tasks.Select(t => (t.TaskId.Value, t.State)), Is.EqualTo(new[] { ("sleeper", TaskState.TaskRunning) }));
        });
        Agent.Tell(new AgentReregistered { AgentId = new AgentID { Value = AgentId } }, Master.Ref);
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
        var statusFile = Path.Combine(CgroupContainerizer.RuntimeDirectoryOf(WorkDirectory), ContainerIdOf("quitter"), "status");

        CrashAgent();
        Release("quitter");
        WaitUntil(() => File.Exists(statusFile), "the task's supervisor records its exit status");
        StartAgentActor();

        // As Mesos's terminated tasks: reported until acknowledged, so the master does not take the task for lost.
        var reregistration = MasterProxy.ExpectMsg<ReregisterAgent>(Patience);
        Assert.That(reregistration.Tasks.Select(t => (t.TaskId.Value, t.State)), Is.EqualTo(new[] { ("quitter", TaskState.TaskFailed) }));
        Agent.Tell(new AgentReregistered { AgentId = new AgentID { Value = AgentId } }, Master.Ref);
        var failed = ExpectUpdate("quitter", TaskState.TaskFailed);
        Assert.Multiple(() =>
        {
            Assert.That(ExitCode(failed), Is.EqualTo("3"));
            Assert.That(failed.Status.Message, Is.EqualTo("Command exited with status 3"));
        });
        Acknowledge(failed);
        WaitUntil(() => !Directory.Exists(new CheckpointLayout(WorkDirectory).TaskDirectory(FrameworkId, "quitter")),
            "the acknowledged task's checkpoint is removed");
    }

    [Test]
    public void A_task_that_ended_before_the_agent_stopped_is_reported_ended_until_its_terminal_update_is_acknowledged()
    {
        Run("done", WaitForReleaseThenExit(0));
        AcknowledgeUntilRunning("done");
        Release("done");
        var finished = ExpectUpdate("done", TaskState.TaskFinished);

        CrashAgent();
        StartAgentActor();

        // Left out, the master would answer TASK_GONE or TASK_UNKNOWN for it before the TASK_FINISHED resent below.
        var reregistration = MasterProxy.ExpectMsg<ReregisterAgent>(Patience);
        Assert.That(reregistration.Tasks.Select(t => (t.TaskId.Value, t.State)), Is.EqualTo(new[] { ("done", TaskState.TaskFinished) }));
        Agent.Tell(new AgentReregistered { AgentId = new AgentID { Value = AgentId } }, Master.Ref);
        var resent = ExpectUpdate("done", TaskState.TaskFinished);
        Assert.That(resent.Status.Uuid, Is.EqualTo(finished.Status.Uuid));
    }

    [Test]
    public void An_unacknowledged_update_is_replayed_and_resent_after_the_restart()
    {
        Run("sleeper", WaitForReleaseThenExit(0));
        Acknowledge(ExpectUpdate("sleeper", TaskState.TaskStarting));
        var running = ExpectUpdate("sleeper", TaskState.TaskRunning);

        CrashAgent();
        StartAgentActor();
        MasterProxy.ExpectMsg<ReregisterAgent>(Patience);
        Agent.Tell(new AgentReregistered { AgentId = new AgentID { Value = AgentId } }, Master.Ref);

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
        File.WriteAllText(new CheckpointLayout(WorkDirectory).BootIdFile, "a-boot-before-this-one\n");
        StartAgentActor();

        var registration = MasterProxy.ExpectMsg<RegisterAgent>(Patience);
        Assert.That(registration.AgentInfo.Id, Is.Null);
        Agent.Tell(new AgentRegistered { AgentId = new AgentID { Value = "agent-2" } }, Master.Ref);
        var lost = Master.ExpectMsg<StatusUpdateReported>(Patience);
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
        Agent.Tell(new KillTask
        {
            FrameworkId = new FrameworkID { Value = FrameworkId }, TaskId = new TaskID { Value = "stubborn" },
            KillPolicy = new KillPolicy { GracePeriod = new DurationInfo { Nanoseconds = 1_000_000_000 } },
        }, Master.Ref);

        Acknowledge(ExpectUpdate("stubborn", TaskState.TaskKilling));
        var killed = ExpectUpdate("stubborn", TaskState.TaskKilled);
        Assert.Multiple(() =>
        {
            Assert.That(started.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)), "SIGKILL waits for the grace period");
            Assert.That(killed.Status.Message, Is.EqualTo("Command terminated by signal 9"));
        });
    }

    [Test]
    public void Dynamic_reservations_the_master_checkpointed_are_reported_when_the_agent_registers_again()
    {
        var reserved = ResourceSet.Of(ResourceSet.Parse("cpus:1;mem:256")
            .Select(r => r.WithDynamicReservation("web", new DynamicReservation("ops"))));
        var checkpoint = new CheckpointResources();
        checkpoint.Resources.AddRange(reserved.ToProto());
        Agent.Tell(checkpoint, Master.Ref);
        WaitUntil(() => File.Exists(new CheckpointLayout(WorkDirectory).ResourcesFile), "the reservations are on disk");

        CrashAgent();
        StartAgentActor();

        var reregistration = MasterProxy.ExpectMsg<ReregisterAgent>(Patience);
        Assert.That(ResourceSet.FromProto(reregistration.CheckpointedResources), Is.EqualTo(reserved));
        Assert.That(reregistration.CheckpointedResources.First().Reservations.Single().Principal, Is.EqualTo("ops"));
    }

    /// <summary>A new agent actor, with a new containerizer, on the same work directory; stopping it leaves its tasks running.</summary>
    private IActorRef StartAgentActor()
    {
        var containerizer = CgroupContainerizer.ForHost(CgroupContainerizer.RuntimeDirectoryOf(WorkDirectory));
        _containerizers.Add(containerizer);
        return StartAgentActor(containerizer, killTasksOnStop: false);
    }

    private void Run(string taskId, string command, bool killingCapable = false) =>
        Launch(ShellTask(taskId, command), killingCapable: killingCapable);

    private static string WaitForReleaseThenExit(int code) => $"while [ ! -e release ]; do sleep 0.05; done; exit {code}";

    private void Release(string taskId) => File.WriteAllText(Path.Combine(Sandbox(taskId), "release"), "");

    private string Stdout(string taskId) => Path.Combine(Sandbox(taskId), "stdout");

    private string ContainerIdOf(string taskId) =>
        File.ReadAllText(CheckpointLayout.ContainerIdFile(new CheckpointLayout(WorkDirectory).TaskDirectory(FrameworkId, taskId)));
}
