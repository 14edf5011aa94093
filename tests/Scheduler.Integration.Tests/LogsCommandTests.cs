using System.Text.Json.Nodes;

namespace Scheduler.Integration.Tests;

/// <summary><c>sched logs</c> against a real cluster, run as a separate process while <c>sched run</c> runs the task.</summary>
[TestFixture]
public sealed class LogsCommandTests : ClusterFixture
{
    [Test]
    public async Task Logs_follows_a_running_task_until_it_ends_and_shows_stderr_on_request()
    {
        var run = SchedProcess.RunAsync("run", "--master", MasterAddress, "--name", "chatty", "--",
            "sh", "-c", "echo first; echo oops >&2; while [ ! -e release ]; do sleep 0.05; done; echo second");
        var (taskId, frameworkId) = await RunningTaskAsync("chatty");

        var follow = SchedProcess.RunAsync("logs", taskId, "-f", "--master", MasterAddress);
        await WaitUntilAsync(() => File.Exists(Path.Combine(Sandbox(frameworkId, taskId), "stdout")));
        File.WriteAllText(Path.Combine(Sandbox(frameworkId, taskId), "release"), "");
        var followed = await follow;
        await run;
        var stderr = await SchedProcess.RunAsync("logs", taskId, "--stderr", "--master", MasterAddress);

        Assert.Multiple(() =>
        {
            Assert.That(followed.ExitCode, Is.EqualTo(0), followed.Stderr);
            Assert.That(followed.Stdout, Is.EqualTo("first\nsecond\n"));
            Assert.That(stderr.Stderr, Is.EqualTo("oops\n"));
        });
    }

    [Test]
    public async Task Logs_of_an_unknown_task_fails_naming_it()
    {
        var result = await SchedProcess.RunAsync("logs", "no-such-task", "--master", MasterAddress);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("no-such-task"));
    }

    private string Sandbox(string frameworkId, string taskId) =>
        Path.Combine(Cluster.AgentWorkDirectory, "frameworks", frameworkId, "tasks", taskId);

    private async Task<(string TaskId, string FrameworkId)> RunningTaskAsync(string name)
    {
        (string, string)? found = null;
        await WaitUntilAsync(async () =>
        {
            var state = await Cluster.StateAsync();
            foreach (var framework in state["frameworks"]!.AsArray().OfType<JsonObject>())
            foreach (var task in framework["tasks"]!.AsArray().OfType<JsonObject>())
                if (task["name"]?.ToString() == name && task["state"]?.ToString() == "TASK_RUNNING")
                    found = (task["id"]!.ToString(), framework["id"]!.ToString());
            return found is not null;
        });
        return found!.Value;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("condition not met within 30 s");
            await Task.Delay(50);
        }
    }
}
