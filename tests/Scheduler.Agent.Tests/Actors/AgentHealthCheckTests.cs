using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Scheduler.Agent.Actors;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Tests.Health;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Serialization;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Scheduler.Testing;
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
public sealed class AgentHealthCheckTests : ActorTestBase
{
    private const string AgentId = "agent-1";
    private const string FrameworkId = "framework-1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly Config Config = ConfigurationFactory.ParseString("akka.loglevel = WARNING")
        .WithFallback(ProtocolSerialization.Config);

    private CgroupContainerizer? _containerizer;
    private string? _workDirectory;
    private TestProbe _master = null!;
    private IActorRef _agent = null!;

    public AgentHealthCheckTests()
        : base(Config, "agent-health-check-tests")
    {
    }

    [SetUp]
    public void StartAgent()
    {
        if (System.Environment.UserName != "root" || CgroupsDetector.Detect() is null)
        {
            var reason = $"Health check tests launch real containers and need root and cgroups; running as {System.Environment.UserName}";
            TestContext.Progress.WriteLine(reason);
            Assert.Ignore(reason);
        }

        _containerizer = CgroupContainerizer.ForHost();
        _workDirectory = Directory.CreateTempSubdirectory("agent-health-check-tests-").FullName;
        var settings = new AgentSettings
        {
            WorkDirectory = _workDirectory,
            RegistrationRetry = TimeSpan.FromMinutes(1),
            DefaultKillGracePeriod = TimeSpan.FromSeconds(1),
        };
        var info = new AgentInfo { Hostname = "127.0.0.1", Port = 5051 };
        info.Resources.AddRange(ResourceSet.Parse("cpus:2;mem:1024").ToProto());
        var masterProxy = CreateTestProbe();
        _master = CreateTestProbe();
        _agent = Sys.ActorOf(AgentActor.Props(settings, info, masterProxy.Ref, _containerizer));
        masterProxy.ExpectMsg<RegisterAgent>(Patience);
        _agent.Tell(new AgentRegistered { AgentId = new AgentID { Value = AgentId } }, _master.Ref);
    }

    [TearDown]
    public async Task StopContainersAndRemoveSandboxes()
    {
        if (_containerizer is not null)
            await Task.WhenAll(_containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
        if (_workDirectory is not null && Directory.Exists(_workDirectory))
            Directory.Delete(_workDirectory, recursive: true);
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
        _master.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
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
        _master.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
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

        _agent.Tell(new KillTask { FrameworkId = new FrameworkID { Value = FrameworkId }, TaskId = new TaskID { Value = "doomed" } }, _master.Ref);

        // Failures already queued before the kill may still come; then the kill, and nothing after it.
        TaskStatus status;
        do status = AcknowledgeNext(null);
        while (status.State == TaskState.TaskRunning);
        Assert.Multiple(() =>
        {
            Assert.That(status.State, Is.EqualTo(TaskState.TaskKilled));
            Assert.That(status.HasHealthy, Is.False, "killed by the framework, not by the health check");
        });
        _master.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    private void Run(string taskId, string command, HealthCheck check)
    {
        var task = new TaskInfo
        {
            Name = taskId,
            TaskId = new TaskID { Value = taskId },
            AgentId = new AgentID { Value = AgentId },
            Command = new CommandInfo { Shell = true, Value = command },
            HealthCheck = check,
        };
        task.Resources.AddRange(ResourceSet.Parse("cpus:0.1;mem:32").ToProto());
        var framework = new FrameworkInfo { Id = new FrameworkID { Value = FrameworkId }, Name = FrameworkId, User = "root" };
        _agent.Tell(new RunTask { Framework = framework, Task = task }, _master.Ref);
    }

    /// <summary>The next status update, checked to be in <paramref name="state"/> unless null, then acknowledged.</summary>
    private TaskStatus AcknowledgeNext(TaskState? state)
    {
        var update = _master.ExpectMsg<StatusUpdateReported>(Patience);
        if (state is { } expected) Assert.That(update.Status.State, Is.EqualTo(expected), update.Status.Message);
        _agent.Tell(new AcknowledgeStatusUpdate
        {
            AgentId = update.Status.AgentId,
            FrameworkId = update.FrameworkId,
            TaskId = update.Status.TaskId,
            Uuid = update.Status.Uuid,
        }, _master.Ref);
        return update.Status;
    }
}
