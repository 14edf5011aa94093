using System.Diagnostics;
using Scheduler.Framework;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Integration.Tests;

/// <summary>
/// Issue 7's agent partition with real processes, after Mesos's PartitionTest.ReregisterSlavePartitionAware: the
/// <c>sched agent</c> process is frozen (<c>kill -STOP</c>) past the cluster's failure detection and the master's
/// unreachable timeout, so the partition-aware framework hears TASK_UNREACHABLE; resumed (<c>kill -CONT</c>), the agent
/// joins the cluster again in the same process and re-registers, the task is TASK_RUNNING again, reconciliation says
/// so, and the task, never restarted, later finishes.
/// </summary>
[TestFixture]
public sealed class AgentPartitionTests() : ProcessClusterFixture("sched-partition-", TimeSpan.FromSeconds(30))
{
    [Test]
    public async Task A_frozen_agent_is_unreachable_then_rejoins_by_itself_with_its_task_still_running()
    {
        var masterPort = RunningSchedProcess.FreePort();
        var masterUri = new Uri($"http://127.0.0.1:{masterPort}/");
        var pidFile = Path.Combine(ScratchDirectory, "task.pids");
        var releaseFile = Path.Combine(ScratchDirectory, "release");
        Started("master", "--data-dir", Path.Combine(ScratchDirectory, "master"), "--port", masterPort.ToString(),
            "--cluster-port", RunningSchedProcess.FreePort().ToString(), "--agent-ping-timeout", "1secs", "--max-agent-ping-timeouts", "2");
        await EventuallyAsync(async () => await StateAsync(masterUri) is not null, "the master answers /master/state");
        var agent = Started("agent", "--master", $"127.0.0.1:{masterPort}", "--work-dir", Path.Combine(ScratchDirectory, "agent"),
            "--port", RunningSchedProcess.FreePort().ToString(), "--resources", "cpus:1;mem:256;disk:256");
        await EventuallyAsync(async () => (await StateAsync(masterUri))?["slaves"]!.AsArray().Count == 1, "the agent registers");

        var scheduler = new LaunchingScheduler(TaskUntilReleased(pidFile, releaseFile, exitCode: 0), "cpus:0.1;mem:32");
        await using var driver = new SchedulerDriver(scheduler,
            new SchedulerDriverOptions { Master = masterUri, FrameworkInfo = PartitionAwareFramework.Info(60) });
        await driver.StartAsync();
        await EventuallyAsync(() => Task.FromResult(scheduler.States.Contains(TaskState.TaskRunning)), "the task is TASK_RUNNING");

        Signal("STOP", agent.Id);
        var frozen = Stopwatch.StartNew();
        try
        {
            await EventuallyAsync(() => Task.FromResult(scheduler.States.Contains(TaskState.TaskUnreachable)), "the framework hears TASK_UNREACHABLE");
            var unreachableAfter = frozen.Elapsed;
            var state = await StateAsync(masterUri);
            Assert.Multiple(() =>
            {
                Assert.That(state!["slaves"]!.AsArray(), Is.Empty, "an unreachable agent's resources stay out of offers");
                Assert.That(state["unreachable_slaves"]!.AsArray(), Has.Count.EqualTo(1));
            });
            TestContext.Out.WriteLine($"TASK_UNREACHABLE {unreachableAfter.TotalSeconds:0.0} s after kill -STOP");
        }
        finally
        {
            Signal("CONT", agent.Id);
        }

        var resumed = Stopwatch.StartNew();
        await EventuallyAsync(() => Task.FromResult(PartitionAwareFramework.Reregistered(scheduler.Statuses) is not null),
            "the agent re-registers by itself and the framework hears TASK_RUNNING with REASON_AGENT_REREGISTERED");
        TestContext.Out.WriteLine($"TASK_RUNNING again {resumed.Elapsed.TotalSeconds:0.0} s after kill -CONT");
        var seen = scheduler.Statuses.Count;
        await driver.ReconcileAsync([(new TaskID { Value = scheduler.TaskId }, null)]);
        await EventuallyAsync(() => Task.FromResult(scheduler.Statuses.Skip(seen).Any(s =>
                s.State == TaskState.TaskRunning && s.Reason == TaskStatus.Types.Reason.Reconciliation)),
            "an explicit reconciliation tells the framework TASK_RUNNING");

        await File.WriteAllTextAsync(releaseFile, "");
        var terminal = await scheduler.Terminal.WaitAsync(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(terminal.State, Is.EqualTo(TaskState.TaskFinished), terminal.Message);
            Assert.That(File.ReadAllLines(pidFile), Has.Length.EqualTo(1), "the task was started again");
            Assert.That(agent.HasExited, Is.False, "the agent process exited:\n" + agent.Output);
            Assert.That(scheduler.States, Does.Not.Contain(TaskState.TaskLost));
        });
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.EqualTo(0), $"kill -{signal} {pid}");
    }
}
