using Scheduler.Framework;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Integration.Tests;

/// <summary>A master and an agent over Akka.Remote, a framework over real HTTP, tasks in real cgroups.</summary>
[TestFixture]
public sealed class TaskLifecycleTests : ClusterFixture
{
    [Test]
    public async Task Echo_hello_finishes_with_hello_in_the_sandbox_stdout()
    {
        var (scheduler, status) = await RunAsync("echo hello", "cpus:0.1;mem:32");

        Assert.That(status.State, Is.EqualTo(TaskState.TaskFinished), status.Message);
        Assert.That(scheduler.States, Is.EqualTo(new[] { TaskState.TaskStarting, TaskState.TaskRunning, TaskState.TaskFinished }));
        var stdout = Path.Combine(Cluster.AgentWorkDirectory, "frameworks", scheduler.FrameworkId!, "tasks", scheduler.TaskId, "stdout");
        Assert.That(await File.ReadAllTextAsync(stdout), Is.EqualTo("hello\n"));
    }

    [Test]
    public async Task A_task_over_its_memory_limit_fails_with_the_memory_limitation_reason()
    {
        var (_, status) = await RunAsync("dd if=/dev/zero of=/dev/null bs=200M count=1", "cpus:0.1;mem:32");

        Assert.That(status.State, Is.EqualTo(TaskState.TaskFailed));
        Assert.That(status.Reason, Is.EqualTo(TaskStatus.Types.Reason.ContainerLimitationMemory));
        Assert.That(status.Message, Does.Contain("Memory limit exceeded"));
    }

    [Test]
    public async Task A_failing_command_reports_its_exit_status()
    {
        var (_, status) = await RunAsync("exit 3", "cpus:0.1;mem:32");

        Assert.That(status.State, Is.EqualTo(TaskState.TaskFailed));
        Assert.That(status.Message, Is.EqualTo("Command exited with status 3"));
    }

    [Test]
    public async Task TheMasterAddress_state_shows_the_agent_and_the_completed_task()
    {
        var (scheduler, _) = await RunAsync("true", "cpus:0.1;mem:32");

        var state = await Cluster.StateAsync();
        var agent = state["slaves"]!.AsArray().Single()!;
        Assert.That(agent["resources"]!["cpus"]!.GetValue<double>(), Is.EqualTo(2));
        Assert.That(agent["resources"]!["mem"]!.GetValue<double>(), Is.EqualTo(1024));
        Assert.That(agent["resources"]!["ports"]!.GetValue<string>(), Is.EqualTo("[31000-32000]"));
        var completed = state["frameworks"]!.AsArray().Concat(state["completed_frameworks"]!.AsArray())
            .SelectMany(f => f!["completed_tasks"]!.AsArray()).Select(t => t!["id"]!.GetValue<string>());
        Assert.That(completed, Does.Contain(scheduler.TaskId));
    }

    private async Task<(LaunchingScheduler Scheduler, TaskStatus Status)> RunAsync(string command, string resources)
    {
        var scheduler = new LaunchingScheduler(command, resources);
        var framework = new FrameworkInfo { Name = "integration", User = "root", FailoverTimeout = 60 };
        await using var driver = new SchedulerDriver(scheduler, new SchedulerDriverOptions { Master = Cluster.MasterUri, FrameworkInfo = framework });
        await driver.StartAsync();
        var status = await scheduler.Terminal.WaitAsync(TimeSpan.FromSeconds(30));
        await driver.TeardownAsync();
        return (scheduler, status);
    }
}
