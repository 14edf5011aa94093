using Akka.Actor;
using Scheduler.Agent.Actors;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Tests.Health;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Agent.Tests.Actors;

/// <summary>
/// Health checks end to end: the agent actor runs a real task in real cgroups (needs root and a cgroup mount),
/// checks it with short intervals and reports its health to a probe standing in for the master.
/// </summary>
[TestFixture]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentHealthCheckTests() : AgentActorFixture("agent-health-check-tests")
{
    private CgroupContainerizer? _containerizer;

    [SetUp]
    public void StartAgent()
    {
        RequireRootAndCgroups("Health check tests");
        _containerizer = CgroupContainerizer.ForHost();
        CreateWorkDirectory("agent-health-check-tests-");
        StartAgentActor(_containerizer);
        RegisterAgent();
    }

    [TearDown]
    public async Task StopContainers()
    {
        if (_containerizer is not null)
            await Task.WhenAll(_containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
    }

    [Test]
    public async Task A_task_turns_healthy_then_unhealthy_and_is_killed_after_consecutive_HTTP_failures()
    {
        await using var server = await TestHttpServer.StartAsync();
        Run("web", "sleep 60", new HealthCheck
        {
            Type = HealthCheck.Types.Type.Http,
            Http = new HealthCheck.Types.HTTPCheckInfo { Port = (uint)server.Port, Path = "/health" },
            DelaySeconds = 0, IntervalSeconds = 0.2, TimeoutSeconds = 5, GracePeriodSeconds = 0, ConsecutiveFailures = 2,
        });

        AcknowledgeNext(TaskState.TaskStarting);
        var running = AcknowledgeNext(TaskState.TaskRunning);
        var healthy = AcknowledgeNext(TaskState.TaskRunning);
        server.StatusCode = 503;
        var firstFailure = AcknowledgeNext(TaskState.TaskRunning);
        var secondFailure = AcknowledgeNext(TaskState.TaskRunning);
        var killed = AcknowledgeNext(TaskState.TaskKilled);

        Assert.Multiple(() =>
        {
            Assert.That(running.HasHealthy, Is.False, "no health before the first check");
            Assert.That((healthy.Healthy, healthy.Reason), Is.EqualTo((true, TaskStatus.Types.Reason.TaskHealthCheckStatusUpdated)));
            Assert.That((firstFailure.Healthy, firstFailure.Reason), Is.EqualTo((false, TaskStatus.Types.Reason.TaskHealthCheckStatusUpdated)));
            Assert.That(firstFailure.Message, Does.Contain("503"));
            Assert.That(secondFailure.Healthy, Is.False);
            Assert.That((killed.HasHealthy, killed.Healthy), Is.EqualTo((true, false)), "the kill was the health check's");
        });
        AwaitAssert(() => Assert.That(_containerizer!.Running, Is.Empty), Patience);
        Master.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Test]
    public void Failures_within_the_grace_period_are_not_reported_and_a_command_check_runs_in_the_sandbox()
    {
        Run("starter", "sleep 1; touch ready; sleep 60", new HealthCheck
        {
            Type = HealthCheck.Types.Type.Command,
            Command = new CommandInfo { Value = "test -f ready" },
            DelaySeconds = 0, IntervalSeconds = 0.1, TimeoutSeconds = 5, GracePeriodSeconds = 20, ConsecutiveFailures = 1,
        });

        AcknowledgeNext(TaskState.TaskStarting);
        AcknowledgeNext(TaskState.TaskRunning);
        var healthy = AcknowledgeNext(TaskState.TaskRunning);

        Assert.That((healthy.Healthy, healthy.Reason), Is.EqualTo((true, TaskStatus.Types.Reason.TaskHealthCheckStatusUpdated)));
        Master.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.That(_containerizer!.Running, Has.Count.EqualTo(1), "still running");
    }

    [Test]
    public void A_killed_task_is_no_longer_health_checked()
    {
        Run("doomed", "sleep 60", new HealthCheck
        {
            Type = HealthCheck.Types.Type.Command,
            Command = new CommandInfo { Value = "exit 1" },
            DelaySeconds = 0, IntervalSeconds = 0.1, GracePeriodSeconds = 0, ConsecutiveFailures = 1000,
        });
        AcknowledgeNext(TaskState.TaskStarting);
        AcknowledgeNext(TaskState.TaskRunning);
        AcknowledgeNext(TaskState.TaskRunning);

        Agent.Tell(new KillTask { FrameworkId = new FrameworkID { Value = FrameworkId }, TaskId = new TaskID { Value = "doomed" } }, Master.Ref);

        // Failures already queued before the kill may still come; then the kill, and nothing after it.
        TaskStatus status;
        do status = AcknowledgeNext(null);
        while (status.State == TaskState.TaskRunning);
        Assert.Multiple(() =>
        {
            Assert.That(status.State, Is.EqualTo(TaskState.TaskKilled));
            Assert.That(status.HasHealthy, Is.False, "killed by the framework, not by the health check");
        });
        Master.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    private void Run(string taskId, string command, HealthCheck check)
    {
        var task = ShellTask(taskId, command);
        task.HealthCheck = check;
        Launch(task);
    }

    /// <summary>The next status update, checked to be in <paramref name="state"/> unless null, then acknowledged.</summary>
    private TaskStatus AcknowledgeNext(TaskState? state)
    {
        var update = Master.ExpectMsg<StatusUpdateReported>(Patience);
        if (state is { } expected) Assert.That(update.Status.State, Is.EqualTo(expected), update.Status.Message);
        Acknowledge(update);
        return update.Status;
    }
}
