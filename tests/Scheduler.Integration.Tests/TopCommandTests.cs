using System.Text.Json.Nodes;

namespace Scheduler.Integration.Tests;

/// <summary><c>sched top</c> against a real cluster running a real task, run as its own process.</summary>
[TestFixture]
public sealed class TopCommandTests : ClusterFixture
{
    [Test]
    public async Task Top_shows_a_running_task_with_its_memory_and_then_its_cpu_use()
    {
        using var run = RunningSchedProcess.Start("run", "--master", MasterAddress, "--cpus", "0.2", "--mem", "64", "--", "sleep", "30");
        var taskId = await RunningTaskIdAsync(run);

        var result = await SchedProcess.RunAsync("top", "--master", MasterAddress, "--iterations", "2", "--interval", "0.5");
        TestContext.Out.WriteLine(result.Stdout);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        var rows = result.Stdout.Split('\n').Where(line => line.Contains(taskId, StringComparison.Ordinal)).ToList();
        Assert.That(rows, Has.Count.EqualTo(2), "one row for the task in each of the two frames");
        Assert.Multiple(() =>
        {
            Assert.That(rows[0], Does.Match(@"│\s*-\s*│\s*0\.2\s*│\s*[0-9.]+\s*│\s*64\s*│"), "first frame: no cpu use yet, the limits and the memory");
            Assert.That(rows[1], Does.Match(@"│\s*[0-9]+\.[0-9]\s*│\s*0\.2\s*│"), "second frame: cpu use measured between the frames");
            Assert.That(result.Stdout, Does.Match(@"Agents\s+[1-9][0-9]* active"));
        });
    }

    [Test]
    public async Task Top_refuses_an_interval_that_is_not_positive()
    {
        var result = await SchedProcess.RunAsync("top", "--master", MasterAddress, "--interval", "0");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Contain("--interval"));
        });
    }

    private async Task<string> RunningTaskIdAsync(RunningSchedProcess run)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var state = await Cluster.StateAsync();
            var running = state["frameworks"]!.AsArray().OfType<JsonObject>()
                .SelectMany(f => f["tasks"]!.AsArray().OfType<JsonObject>())
                .FirstOrDefault(t => t["state"]?.ToString() == "TASK_RUNNING");
            if (running is not null) return running["id"]!.ToString();
            Assert.That(run.HasExited, Is.False, run.Output);
            await Task.Delay(100);
        }
        Assert.Fail($"no task reached TASK_RUNNING: {run.Output}");
        return "";
    }
}
