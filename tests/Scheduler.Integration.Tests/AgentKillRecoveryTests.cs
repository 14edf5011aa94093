using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Scheduler.Integration.Tests;

/// <summary>
/// Issue 4's acceptance with real processes: <c>sched run</c> of a task, <c>kill -9</c> of the <c>sched agent</c> process
/// while the task runs, the agent started again on the same work directory; the task keeps running, is never
/// restarted, and <c>sched run</c> exits with its real exit code.
/// </summary>
[TestFixture]
public sealed class AgentKillRecoveryTests() : ProcessClusterFixture("sched-kill9-", TimeSpan.FromSeconds(60))
{
    [Test]
    public Task A_task_outlives_a_kill_dash_nine_of_its_agent_and_run_reports_its_exit_code() =>
        KillAndRestartTheAgentDuringATaskAsync(endTheTaskWhileTheAgentIsDown: false);

    [Test]
    public Task A_task_ending_while_its_killed_agent_is_down_is_reported_with_its_exit_code() =>
        KillAndRestartTheAgentDuringATaskAsync(endTheTaskWhileTheAgentIsDown: true);

    private async Task KillAndRestartTheAgentDuringATaskAsync(bool endTheTaskWhileTheAgentIsDown)
    {
        var masterPort = RunningSchedProcess.FreePort();
        var master = $"127.0.0.1:{masterPort}";
        var masterUri = new Uri($"http://{master}/");
        var agentPort = RunningSchedProcess.FreePort();
        // The agent's cluster address sorts before the master's: a tie between them must still leave the master up.
        int[] clusterPorts = [RunningSchedProcess.FreePort(), RunningSchedProcess.FreePort()];
        var workDirectory = Path.Combine(ScratchDirectory, "agent");
        string[] agentArguments = ["agent", "--master", master, "--work-dir", workDirectory, "--port", agentPort.ToString(),
            "--resources", "cpus:1;mem:256;disk:256;ports:[31000-31010]"];
        var pidFile = Path.Combine(ScratchDirectory, "task.pids");
        var releaseFile = Path.Combine(ScratchDirectory, "release");

        Started("master", "--data-dir", Path.Combine(ScratchDirectory, "master"), "--port", masterPort.ToString(),
            "--cluster-port", clusterPorts.Max().ToString());
        await EventuallyAsync(async () => (await StateAsync(masterUri)) is not null, "the master answers /master/state");
        var agent = Started([.. agentArguments, "--cluster-port", clusterPorts.Min().ToString()]);
        await EventuallyAsync(async () => (await StateAsync(masterUri))?["slaves"]!.AsArray().Count == 1, "the agent registers");

        // The task records each start of its process and runs until the test lets it finish.
        var script = TaskUntilReleased(pidFile, releaseFile, exitCode: 7);
        var run = Started("run", "--master", master, "--cpus", "0.1", "--mem", "32", "--", "sh", "-c", script);
        string? taskId = null;
        await EventuallyAsync(async () => (taskId = RunningTask(await StateAsync(masterUri))?.Task) is not null, "the task is TASK_RUNNING");
        var taskPid = int.Parse((await File.ReadAllLinesAsync(pidFile)).Single());

        agent.KillNine();

        Assert.That(ProcessIsAlive(taskPid), Is.True, "the task's process died with its agent");
        if (endTheTaskWhileTheAgentIsDown)
        {
            await File.WriteAllTextAsync(releaseFile, "");
            await EventuallyAsync(() => Task.FromResult(!ProcessIsAlive(taskPid)), "the task ends while its agent is down");
            Started(agentArguments);
        }
        else
        {
            Started(agentArguments);
            await EventuallyAsync(async () => await MonitoredTaskIdsAsync(agentPort) is { } ids && ids.Contains(taskId!),
                "the restarted agent reattaches to the running task");
            Assert.That(run.HasExited, Is.False, "sched run ended while the task still ran:\n" + run.Output);
            await File.WriteAllTextAsync(releaseFile, "");
        }

        Assert.That(await run.WaitForExitAsync(Patience), Is.True, "sched run did not end:\n" + run.Output);
        Assert.That(run.ExitCode, Is.EqualTo(7), run.Output);
        Assert.That(await File.ReadAllLinesAsync(pidFile), Is.EqualTo(new[] { taskPid.ToString() }), "the task's process was started again");
        Assert.That(ProcessIsAlive(taskPid), Is.False);
    }

    /// <summary>The tasks the agent's <c>/monitor/statistics</c> lists, which it answers only once its recovery ended.</summary>
    private async Task<List<string>?> MonitoredTaskIdsAsync(int agentPort)
    {
        try
        {
            var containers = await Http.GetFromJsonAsync<JsonArray>($"http://127.0.0.1:{agentPort}/monitor/statistics");
            return containers!.Select(container => container!["executor_id"]!.GetValue<string>()).ToList();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static bool ProcessIsAlive(int pid) => File.Exists($"/proc/{pid}/stat") &&
        !File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');
}
