using Task = System.Threading.Tasks.Task;

namespace Scheduler.Integration.Tests.Examples;

/// <summary>The example of docs/writing-a-framework.md against a real cluster.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RetryingBatchFrameworkTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private TestCluster cluster = null!;
    private string directory = null!;

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        if (!CgroupsAvailable.Check(out var why)) Assert.Ignore(why);
        cluster = await TestCluster.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        if (cluster is not null) await cluster.DisposeAsync();
    }

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("retrying-batch-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private string IdFile => Path.Combine(directory, "framework-id");

    [Test]
    public async Task Every_task_finishes_and_a_failed_one_is_retried()
    {
        var marker = Path.Combine(directory, "marker");
        var framework = new RetryingBatchFramework(["true", "true", "true", $"test -f {marker} || {{ touch {marker}; exit 1; }}"], maxRetries: 2);
        await using var driver = RetryingBatchFramework.CreateDriver(framework, cluster.MasterUri, IdFile);

        await driver.StartAsync();
        await framework.Done.WaitAsync(Deadline);
        await driver.Completion.WaitAsync(Deadline);

        var tasks = await TaskStatesAsync(driver.FrameworkId!.Value);
        Assert.That(tasks, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["job-0.0"] = "TASK_FINISHED", ["job-1.0"] = "TASK_FINISHED", ["job-2.0"] = "TASK_FINISHED",
            ["job-3.0"] = "TASK_FAILED", ["job-3.1"] = "TASK_FINISHED",
        }));
        Assert.That(File.Exists(IdFile), Is.False, "the framework tore itself down and forgot its id");
    }

    [Test]
    public async Task A_restarted_instance_fails_over_and_relaunches_nothing_that_ran()
    {
        var go = Path.Combine(directory, "go");
        string[] commands = ["true", "true", $"until test -f {go}; do sleep 0.05; done"];
        var first = new RetryingBatchFramework(commands, maxRetries: 1);
        var firstDriver = RetryingBatchFramework.CreateDriver(first, cluster.MasterUri, IdFile);
        await firstDriver.StartAsync();
        var frameworkId = await PollAsync(() => Task.FromResult(firstDriver.FrameworkId?.Value));
        await PollAsync(async () => await TaskStatesAsync(frameworkId) is { Count: 3 } states
            && states["job-0.0"] == "TASK_FINISHED" && states["job-1.0"] == "TASK_FINISHED" && states["job-2.0"] == "TASK_RUNNING"
            ? "mid-run" : null);

        await firstDriver.DisposeAsync();
        var second = new RetryingBatchFramework(commands, maxRetries: 1);
        await using var secondDriver = RetryingBatchFramework.CreateDriver(second, cluster.MasterUri, IdFile);
        await secondDriver.StartAsync();
        await PollAsync(() => Task.FromResult(secondDriver.IsSubscribed ? "subscribed" : null));
        await File.WriteAllTextAsync(go, "");
        await second.Done.WaitAsync(Deadline);
        await secondDriver.Completion.WaitAsync(Deadline);

        Assert.That(secondDriver.FrameworkId?.Value, Is.EqualTo(frameworkId), "the second instance is the same framework");
        Assert.That(await TaskStatesAsync(frameworkId), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["job-0.0"] = "TASK_FINISHED", ["job-1.0"] = "TASK_FINISHED", ["job-2.0"] = "TASK_FINISHED",
        }), "each job ran once: nothing was relaunched after the restart");
    }

    [Test]
    public async Task A_subscription_the_master_refuses_reaches_the_schedulers_error_callback()
    {
        await File.WriteAllTextAsync(IdFile, "no-such-framework\n");
        var framework = new RetryingBatchFramework(["true"], maxRetries: 0);
        await using var driver = RetryingBatchFramework.CreateDriver(framework, cluster.MasterUri, IdFile);

        await driver.StartAsync();
        var refusal = Assert.ThrowsAsync<InvalidOperationException>(() => framework.Done.WaitAsync(Deadline));
        await driver.Completion.WaitAsync(Deadline);

        Assert.That(refusal!.Message, Is.EqualTo("Framework 'no-such-framework' is unknown to this master"));
    }

    /// <summary>Every task the master knows of the framework, by id, with its state.</summary>
    private async Task<Dictionary<string, string>> TaskStatesAsync(string frameworkId)
    {
        var state = await cluster.StateAsync();
        var framework = state["frameworks"]!.AsArray().Concat(state["completed_frameworks"]!.AsArray())
            .Single(f => f!["id"]!.GetValue<string>() == frameworkId)!;
        return framework["tasks"]!.AsArray().Concat(framework["completed_tasks"]!.AsArray())
            .Select(task => (Id: task!["id"]!.GetValue<string>(), State: task["state"]!.GetValue<string>()))
            .ToDictionary(task => task.Id, task => task.State);
    }

    private static async Task<string> PollAsync(Func<Task<string?>> probe)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } result) return result;
            await Task.Delay(50);
        }
        Assert.Fail("the condition did not hold within the deadline");
        return "";
    }
}
