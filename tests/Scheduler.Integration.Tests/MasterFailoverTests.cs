using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Scheduler.Integration.Tests;

/// <summary>
/// Issue 7's acceptance with real processes: three <c>sched master</c> processes sharing one registry, one agent,
/// <c>sched run</c> of a task; <c>kill -9</c> of the leading master while the task runs. A standby takes over, the
/// framework re-subscribes with its id, the task keeps running and its TASK_FINISHED reaches <c>sched run</c>.
/// The registry is a SQLite file or a PostgreSQL database, which the new leader recovers alike.
/// </summary>
[TestFixture]
public sealed class MasterFailoverTests() : ProcessClusterFixture("sched-failover-", TimeSpan.FromSeconds(30))
{
    [TestCase(RegistryStore.Sqlite)]
    [TestCase(RegistryStore.PostgreSql)]
    public async Task Killing_the_leading_master_loses_no_task_and_the_run_ends_with_its_exit_code(RegistryStore store)
    {
        var registry = await SharedRegistryAsync(store);
        var httpPorts = Enumerable.Range(0, 3).Select(_ => RunningSchedProcess.FreePort()).ToArray();
        var clusterPorts = Enumerable.Range(0, 3).Select(_ => RunningSchedProcess.FreePort()).ToArray();
        var masterList = string.Join(',', httpPorts.Select(port => $"127.0.0.1:{port}"));
        var masters = httpPorts.Select(port => new Uri($"http://127.0.0.1:{port}/")).ToArray();
        var firstSeed = $"akka.tcp://scheduler@127.0.0.1:{clusterPorts[0]}";
        var releaseFile = Path.Combine(ScratchDirectory, "release");
        var pidFile = Path.Combine(ScratchDirectory, "task.pids");

        var leader = Started(["master", .. registry, "--port", httpPorts[0].ToString(), "--cluster-port", clusterPorts[0].ToString()]);
        await EventuallyAsync(async () => await StateAsync(masters[0]) is not null, "the first master leads");
        foreach (var i in new[] { 1, 2 })
            Started(["master", .. registry, "--port", httpPorts[i].ToString(), "--cluster-port", clusterPorts[i].ToString(), "--seed", firstSeed]);
        Started("agent", "--master", masterList, "--work-dir", Path.Combine(ScratchDirectory, "agent"),
            "--port", RunningSchedProcess.FreePort().ToString(), "--resources", "cpus:1;mem:256;disk:256");
        await EventuallyAsync(async () => (await StateAsync(masters[0]))?["slaves"]!.AsArray().Count == 1, "the agent registers");
        await EventuallyAsync(async () => await StandbyRedirectsAsync(masters[1], masters[0]) && await StandbyRedirectsAsync(masters[2], masters[0]),
            "both standbys redirect to the leader");

        var script = TaskUntilReleased(pidFile, releaseFile, exitCode: 0);
        var run = Started("run", "--master", masterList, "--cpus", "0.1", "--mem", "32", "--", "sh", "-c", script);
        (string Framework, string Task)? running = null;
        await EventuallyAsync(async () => (running = RunningTask(await StateAsync(masters[0]))) is not null, "the task is TASK_RUNNING");

        var killed = Stopwatch.StartNew();
        leader.KillNine();
        (string Framework, string Task)? afterFailover = null;
        await EventuallyAsync(async () => (afterFailover = RunningTask(await StateAsync(masters[1]), activeFramework: true)) is not null,
            "a new leader, reached through a standby's redirect, knows the task RUNNING under the re-subscribed framework");
        TestContext.Out.WriteLine($"New leader with the framework re-subscribed {killed.Elapsed.TotalSeconds:0.0} s after kill -9");

        Assert.That(afterFailover, Is.EqualTo(running), "the framework re-subscribed with its id and the task is still running");
        Assert.That(run.HasExited, Is.False, "sched run ended while the task still ran:\n" + run.Output);
        await File.WriteAllTextAsync(releaseFile, "");

        Assert.That(await run.WaitForExitAsync(Patience), Is.True, "sched run did not end:\n" + run.Output);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
        Assert.That(await File.ReadAllLinesAsync(pidFile), Has.Length.EqualTo(1), "the task was started once");
    }

    private static async Task<bool> StandbyRedirectsAsync(Uri standby, Uri leader)
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await noRedirects.GetAsync(new Uri(standby, "/master/state"));
            return (int)response.StatusCode == 307 && response.Headers.Location == new Uri(leader, "/master/state");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
