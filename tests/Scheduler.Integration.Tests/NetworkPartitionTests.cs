using System.Diagnostics;
using System.Text.Json.Nodes;
using Scheduler.Framework;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Integration.Tests;

/// <summary>
/// Agent partitions by a real network cut, after Mesos's PartitionTest: the master listens on the host end of a veth
/// pair, the <c>sched agent</c> process runs in its own network namespace behind the other end, and the cut drops every
/// packet both ways while both processes keep running. Unlike <see cref="AgentPartitionTests"/> (a frozen process),
/// the agent here stays alive during the cut: it sees the masters unreachable, its node is downed, and it keeps asking
/// for a master until the link heals.
/// </summary>
[TestFixture]
public sealed class NetworkPartitionTests() : ProcessClusterFixture("sched-netcut-", TimeSpan.FromSeconds(30))
{
    private VethNamespace? _network;

    [SetUp]
    public void CreateNetwork()
    {
        _network = VethNamespace.TryCreate(out var whyNot);
        if (_network is null) Assert.Ignore($"No network namespace with a veth pair on this machine: {whyNot}");
    }

    [TearDown]
    public void RemoveNetwork()
    {
        // A task left running by a failed test ends once released.
        if (Directory.Exists(ScratchDirectory)) File.WriteAllText(Path.Combine(ScratchDirectory, "release"), "");
        _network?.Dispose();
        _network = null;
    }

    private VethNamespace Network => _network!;

    [Test]
    public async Task A_cut_off_agent_is_unreachable_then_rejoins_after_the_heal_with_its_task_still_running()
    {
        var (masterUri, agent, files) = await StartClusterAsync();
        var scheduler = new LaunchingScheduler(TaskUntilReleased(files.Pids, files.Release, exitCode: 0), "cpus:0.1;mem:32");
        await using var driver = new SchedulerDriver(scheduler, new SchedulerDriverOptions { Master = masterUri, FrameworkInfo = PartitionAwareFramework.Info(60) });
        await driver.StartAsync();
        await EventuallyAsync(() => Task.FromResult(scheduler.States.Contains(TaskState.TaskRunning)), "the task is TASK_RUNNING");

        var unreachableAfter = await CutUntilUnreachableAsync(masterUri, scheduler);
        Assert.That(agent.HasExited, Is.False, "the cut-off agent process exited:\n" + agent.Output);

        Network.Heal();
        var healed = Stopwatch.StartNew();
        await EventuallyAsync(() => Task.FromResult(PartitionAwareFramework.Reregistered(scheduler.Statuses) is not null),
            "the agent rejoins by itself and the framework hears TASK_RUNNING with REASON_AGENT_REREGISTERED");
        var runningAfter = healed.Elapsed;
        TestContext.Out.WriteLine($"TASK_UNREACHABLE {unreachableAfter.TotalSeconds:0.0} s after the cut; " +
            $"TASK_RUNNING again {runningAfter.TotalSeconds:0.0} s after the heal");
        var state = await StateAsync(masterUri);
        Assert.Multiple(() =>
        {
            Assert.That(state!["slaves"]!.AsArray(), Has.Count.EqualTo(1), "the agent is registered again");
            Assert.That(state["unreachable_slaves"]!.AsArray(), Is.Empty);
            Assert.That(state["slaves"]![0]!["hostname"]!.GetValue<string>(), Is.EqualTo(Network.NamespaceAddress));
        });

        var seen = scheduler.Statuses.Count;
        await driver.ReconcileAsync([(new TaskID { Value = scheduler.TaskId }, null)]);
        await EventuallyAsync(() => Task.FromResult(scheduler.Statuses.Skip(seen).Any(s =>
                s.State == TaskState.TaskRunning && s.Reason == TaskStatus.Types.Reason.Reconciliation)),
            "an explicit reconciliation tells the framework TASK_RUNNING");

        await File.WriteAllTextAsync(files.Release, "");
        var terminal = await scheduler.Terminal.WaitAsync(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(terminal.State, Is.EqualTo(TaskState.TaskFinished), terminal.Message);
            Assert.That(File.ReadAllLines(files.Pids), Has.Length.EqualTo(1), "the task was started again");
            Assert.That(agent.HasExited, Is.False, "the agent process exited:\n" + agent.Output);
            Assert.That(scheduler.States, Does.Not.Contain(TaskState.TaskLost));
        });
    }

    [Test]
    public async Task A_task_whose_framework_was_torn_down_during_the_cut_is_shut_down_once_its_agent_rejoins()
    {
        var (masterUri, agent, files) = await StartClusterAsync();
        var scheduler = new LaunchingScheduler(TaskUntilReleased(files.Pids, files.Release, exitCode: 0), "cpus:0.1;mem:32");
        var driver = new SchedulerDriver(scheduler, new SchedulerDriverOptions { Master = masterUri, FrameworkInfo = PartitionAwareFramework.Info(0) });
        await using (driver)
        {
            await driver.StartAsync();
            await EventuallyAsync(() => Task.FromResult(scheduler.States.Contains(TaskState.TaskRunning)), "the task is TASK_RUNNING");
            await CutUntilUnreachableAsync(masterUri, scheduler);
            await driver.TeardownAsync();
        }
        await EventuallyAsync(async () => CompletedFramework(await StateAsync(masterUri), scheduler.FrameworkId!) is not null,
            "the torn-down framework is among the completed frameworks");
        var taskProcess = int.Parse(File.ReadAllLines(files.Pids).Single());
        Assert.That(IsAlive(taskProcess), Is.True, "the task runs on while its agent is cut off");

        Network.Heal();
        var healed = Stopwatch.StartNew();
        await EventuallyAsync(async () => (await StateAsync(masterUri))?["slaves"]!.AsArray().Count == 1, "the agent rejoins by itself");
        await EventuallyAsync(() => Task.FromResult(!IsAlive(taskProcess)), "the agent shuts the removed framework's task down");
        TestContext.Out.WriteLine($"the orphaned task ended {healed.Elapsed.TotalSeconds:0.0} s after the heal");

        var state = await StateAsync(masterUri);
        var framework = CompletedFramework(state, scheduler.FrameworkId!)!;
        Assert.Multiple(() =>
        {
            Assert.That(state!["frameworks"]!.AsArray(), Is.Empty);
            Assert.That(framework["tasks"]!.AsArray(), Is.Empty);
            Assert.That(framework["unreachable_tasks"]!.AsArray(), Is.Empty);
            Assert.That(framework["completed_tasks"]!.AsArray().Select(t => t!["state"]!.GetValue<string>()), Is.EqualTo(new[] { "TASK_KILLED" }));
            Assert.That(File.Exists(files.Release), Is.False, "the task ended without being released");
            Assert.That(agent.HasExited, Is.False, "the agent process exited:\n" + agent.Output);
        });
    }

    private sealed record TaskFiles(string Pids, string Release);

    /// <summary>A master on the host end of the link and an agent in the namespace, registered.</summary>
    private async Task<(Uri Master, RunningSchedProcess Agent, TaskFiles Files)> StartClusterAsync()
    {
        var masterPort = RunningSchedProcess.FreePort();
        var masterUri = new Uri($"http://{Network.HostAddress}:{masterPort}/");
        Started("master", "--hostname", Network.HostAddress, "--data-dir", Path.Combine(ScratchDirectory, "master"),
            "--port", masterPort.ToString(), "--cluster-port", RunningSchedProcess.FreePort().ToString(),
            "--agent-ping-timeout", "1secs", "--max-agent-ping-timeouts", "2");
        await EventuallyAsync(async () => await StateAsync(masterUri) is not null, "the master answers /master/state");
        var agent = StartedWith(Network.Launcher, "agent", "--master", $"{Network.HostAddress}:{masterPort}",
            "--hostname", Network.NamespaceAddress, "--work-dir", Path.Combine(ScratchDirectory, "agent"),
            "--port", RunningSchedProcess.FreePort().ToString(), "--resources", "cpus:1;mem:256;disk:256");
        await EventuallyAsync(async () => (await StateAsync(masterUri))?["slaves"]!.AsArray().Count == 1, "the agent registers");
        return (masterUri, agent, new TaskFiles(Path.Combine(ScratchDirectory, "task.pids"), Path.Combine(ScratchDirectory, "release")));
    }

    /// <summary>Cuts the link and waits for TASK_UNREACHABLE and the agent among the unreachable ones; returns how long it took.</summary>
    private async Task<TimeSpan> CutUntilUnreachableAsync(Uri masterUri, LaunchingScheduler scheduler)
    {
        Network.Cut();
        var cut = Stopwatch.StartNew();
        await EventuallyAsync(() => Task.FromResult(scheduler.States.Contains(TaskState.TaskUnreachable)), "the framework hears TASK_UNREACHABLE");
        var unreachableAfter = cut.Elapsed;
        var state = await StateAsync(masterUri);
        Assert.Multiple(() =>
        {
            Assert.That(state!["slaves"]!.AsArray(), Is.Empty, "an unreachable agent's resources stay out of offers");
            Assert.That(state["unreachable_slaves"]!.AsArray(), Has.Count.EqualTo(1));
        });
        return unreachableAfter;
    }

    private static JsonNode? CompletedFramework(JsonObject? state, string frameworkId) =>
        state?["completed_frameworks"]?.AsArray().FirstOrDefault(f => f!["id"]!.GetValue<string>() == frameworkId);

    /// <summary>Whether the process runs (a zombie, ended but not yet reaped, does not).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }
}
