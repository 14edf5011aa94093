using Scheduler.Framework;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Integration.Tests;

/// <summary>The <c>sched</c> commands against a real cluster, run as separate processes.</summary>
[TestFixture]
public sealed class CliTests : ClusterFixture
{
    private sealed class DecliningScheduler : IScheduler
    {
        public Task Subscribed(ISchedulerDriver driver, FrameworkID frameworkId) => Task.CompletedTask;

        public Task ResourceOffers(ISchedulerDriver driver, IReadOnlyList<Offer> offers) =>
            driver.DeclineAsync(offers.Select(offer => offer.Id));

        public Task StatusUpdate(ISchedulerDriver driver, TaskStatus status) => Task.CompletedTask;

        public Task Error(ISchedulerDriver driver, string message) => Task.CompletedTask;
    }

    [Test]
    public async Task Run_prints_the_output_of_echo_and_exits_zero()
    {
        var result = await SchedProcess.RunAsync("run", "--master", MasterAddress, "--cpus", "0.1", "--mem", "32", "--", "echo", "hello");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(result.Stdout, Is.EqualTo("hello\n"));
    }

    [Test]
    public async Task Run_exits_with_the_exit_code_of_the_task()
    {
        var result = await SchedProcess.RunAsync("run", "--master", MasterAddress, "--", "sh", "-c", "echo oops >&2; exit 3");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.Stderr);
        Assert.That(result.Stderr, Does.Contain("oops"));
    }

    [Test]
    public async Task Run_fetches_a_uri_into_the_sandbox_before_the_command_starts()
    {
        var directory = Directory.CreateTempSubdirectory("sched-run-uri-").FullName;
        try
        {
            var script = Path.Combine(directory, "hello.sh");
            await File.WriteAllTextAsync(script, "echo hello from the fetched script\n");

            var result = await SchedProcess.RunAsync("run", "--master", MasterAddress, "--uri", "file://" + script, "--", "sh", "hello.sh");

            Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
            Assert.That(result.Stdout, Is.EqualTo("hello from the fetched script\n"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task Run_reports_a_task_killed_by_its_memory_limit()
    {
        var result = await SchedProcess.RunAsync("run", "--master", MasterAddress, "--mem", "32", "--",
            "dd", "if=/dev/zero", "of=/dev/null", "bs=200M", "count=1");

        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.Stderr, Does.Contain("memory limit"));
    }

    [Test]
    public async Task Run_refuses_a_negative_cpus_naming_the_option()
    {
        var result = await SchedProcess.RunAsync("run", "--master", MasterAddress, "--cpus", "-1", "--", "true");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("--cpus"));
    }

    [Test]
    public async Task Agents_prints_a_table_with_the_agent()
    {
        var state = await Cluster.StateAsync();
        var agentId = state["slaves"]![0]!["id"]!.GetValue<string>();

        var result = await SchedProcess.RunAsync("agents", "--master", MasterAddress);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(result.Stdout, Does.Contain("CPUS").And.Contain(agentId));
    }

    [Test]
    public async Task Tasks_prints_a_table_with_a_finished_task()
    {
        await SchedProcess.RunAsync("run", "--master", MasterAddress, "--name", "listed-task", "--", "true");

        var result = await SchedProcess.RunAsync("tasks", "--master", MasterAddress);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(result.Stdout, Does.Contain("listed-task").And.Contain("TASK_FINISHED"));
    }

    [Test]
    public async Task Tasks_filters_by_state_and_frameworks_lists_removed_ones()
    {
        await SchedProcess.RunAsync("run", "--master", MasterAddress, "--name", "filtered-task", "--", "true");

        var running = await SchedProcess.RunAsync("tasks", "--master", MasterAddress, "--state", "running");
        var finished = await SchedProcess.RunAsync("tasks", "--master", MasterAddress, "--state", "TASK_FINISHED");
        var frameworks = await SchedProcess.RunAsync("frameworks", "--master", MasterAddress, "--all");

        Assert.That(running.Stdout, Does.Not.Contain("filtered-task"));
        Assert.That(finished.Stdout, Does.Contain("filtered-task"));
        Assert.That(frameworks.ExitCode, Is.EqualTo(0), frameworks.Stderr);
        Assert.That(frameworks.Stdout, Does.Contain("sched-run").And.Contain("DECLINED"));
    }

    [Test]
    public async Task Frameworks_lists_every_role_of_a_multi_role_framework_and_its_share()
    {
        var framework = new FrameworkInfo { Name = "cli-multi-role", User = "root", Roles = { "cli-analytics", "cli-batch" } };
        framework.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.MultiRole });
        await using var driver = new SchedulerDriver(new DecliningScheduler(), new SchedulerDriverOptions { Master = Cluster.MasterUri, FrameworkInfo = framework });
        await driver.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!driver.IsSubscribed && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.That(driver.IsSubscribed, Is.True, "the framework did not subscribe within 30 s");

        var result = await SchedProcess.RunAsync("frameworks", "--master", MasterAddress);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        var row = result.Stdout.Split('\n').Single(line => line.Contains("cli-multi-role"));
        Assert.That(row, Does.Contain("cli-analytics,"));
        Assert.That(result.Stdout, Does.Contain("ROLES").And.Contain("SHARE").And.Contain("cli-batch"));
    }

    [Test]
    public async Task Agents_names_an_unreachableMasterAddress()
    {
        var result = await SchedProcess.RunAsync("agents", "--master", "127.0.0.1:1");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("127.0.0.1:1"));
    }

    [Test]
    public async Task Run_names_an_unreachableMasterAddress()
    {
        var result = await SchedProcess.RunAsync("run", "--master", "127.0.0.1:1", "--", "true");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("cannot subscribe").And.Contain("127.0.0.1:1"));
    }
}
