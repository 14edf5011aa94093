using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Docker.DotNet;
using Docker.DotNet.Models;
using Scheduler.Agent.Actors;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Docker;
using Scheduler.Agent.Recovery;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Serialization;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Scheduler.Testing;
using Config = Akka.Configuration.Config;
using Task = System.Threading.Tasks.Task;
using TaskState = Scheduler.Protocol.V1.TaskState;

namespace Scheduler.Agent.Tests.Docker;

/// <summary>
/// Mesos's Docker containerizer recovery scenarios on a real engine: the agent actor stops while a Docker task runs,
/// its containerizers are dropped (leaving the container running, as a crash would), and a new agent actor with new
/// containerizers starts on the same work directory.
/// </summary>
[TestFixture]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DockerAgentRecoveryTests : ActorTestBase
{
    private const string AgentId = "agent-1";
    private const string FrameworkId = "framework-1";
    private const string TaskId = "docker-task";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly Config Config = ConfigurationFactory.ParseString("akka.loglevel = WARNING")
        .WithFallback(ProtocolSerialization.Config);

    private readonly List<DockerContainerizer> _containerizers = [];
    private IDockerClient _client = null!;
    private string _workDirectory = "";
    private TestProbe _masterProxy = null!;
    private TestProbe _master = null!;
    private IActorRef _agent = null!;

    public DockerAgentRecoveryTests()
        : base(Config, "docker-agent-recovery-tests")
    {
    }

    [SetUp]
    public async Task StartAgent()
    {
        if (System.Environment.UserName != "root" || CgroupsDetector.Detect() is null)
            Assert.Ignore($"The agent runs a cgroups containerizer beside Docker and needs root and cgroups; running as {System.Environment.UserName}");
        _client = await TestDockerEngine.ConnectOrIgnoreAsync();
        _workDirectory = Directory.CreateTempSubdirectory("docker-agent-recovery-tests-").FullName;
        _agent = StartAgentActor();
        Assert.That(_masterProxy.ExpectMsg<RegisterAgent>(Patience).AgentInfo.Id, Is.Null);
        _agent.Tell(new AgentRegistered { AgentId = new AgentID { Value = AgentId } }, _master.Ref);
    }

    [TearDown]
    public async Task RemoveContainersAndWorkDirectory()
    {
        if (_client is null) return;
        foreach (var containerizer in _containerizers)
        {
            await Task.WhenAll(containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
            containerizer.Dispose();
        }
        foreach (var left in await ContainersOfThisAgentAsync())
            await _client.Containers.RemoveContainerAsync(left.ID, new ContainerRemoveParameters { Force = true });
        _client.Dispose();
        if (Directory.Exists(_workDirectory)) Directory.Delete(_workDirectory, recursive: true);
    }

    [Test]
    public async Task A_docker_task_running_when_the_agent_stops_is_reattached_and_reports_finished_with_its_exit_code()
    {
        Run("echo before; while [ ! -e release ]; do sleep 0.05; done; echo after; exit 0");
        AcknowledgeUntilRunning();
        WaitUntil(() => File.ReadAllText(Stdout) == "before\n", "the task has written its first line");

        CrashAgent();
        Assert.That((await ContainersOfThisAgentAsync()).Single().State, Is.EqualTo("running"), "the container survives the agent");
        _agent = StartAgentActor();

        var reregistration = _masterProxy.ExpectMsg<ReregisterAgent>(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(reregistration.AgentInfo.Id.Value, Is.EqualTo(AgentId));
            Assert.That(reregistration.Tasks.Select(t => (t.TaskId.Value, t.State)), Is.EqualTo(new[] { (TaskId, TaskState.TaskRunning) }));
        });
        _agent.Tell(new AgentReregistered { AgentId = new AgentID { Value = AgentId } }, _master.Ref);
        Assert.That(_containerizers[1].Running, Has.Count.EqualTo(1));

        Release();
        var finished = ExpectUpdate(TaskState.TaskFinished);
        var left = await ContainersOfThisAgentAsync();
        Assert.Multiple(() =>
        {
            Assert.That(ExitCode(finished), Is.EqualTo("0"));
            Assert.That(File.ReadAllText(Stdout), Is.EqualTo("before\nafter\n"), "the output resumes where the sandbox file ends");
            Assert.That(left, Is.Empty);
        });
    }

    [Test]
    public async Task A_docker_task_that_ended_while_the_agent_was_down_reports_its_real_exit_code()
    {
        Run("echo before; while [ ! -e release ]; do sleep 0.05; done; echo after; exit 3");
        AcknowledgeUntilRunning();

        CrashAgent();
        Release();
        WaitUntil(() => ContainersOfThisAgentAsync().GetAwaiter().GetResult().Single().State == "exited", "the container ends");
        _agent = StartAgentActor();

        _masterProxy.ExpectMsg<ReregisterAgent>(Patience);
        _agent.Tell(new AgentReregistered { AgentId = new AgentID { Value = AgentId } }, _master.Ref);
        var failed = ExpectUpdate(TaskState.TaskFailed);
        var left = await ContainersOfThisAgentAsync();
        Assert.Multiple(() =>
        {
            Assert.That(ExitCode(failed), Is.EqualTo("3"));
            Assert.That(failed.Status.Message, Is.EqualTo("Command exited with status 3"));
            Assert.That(File.ReadAllText(Stdout), Is.EqualTo("before\nafter\n"));
            Assert.That(left, Is.Empty);
        });
        Acknowledge(failed);
        WaitUntil(() => !Directory.Exists(new CheckpointLayout(_workDirectory).TaskDirectory(FrameworkId, TaskId)),
            "the acknowledged task's checkpoint is removed");
    }

    private IActorRef StartAgentActor()
    {
        // As AgentContainerizers builds them: the work directory labels this agent's Docker containers.
        var docker = new DockerContainerizer(DockerEngine.Connect(TestDockerEngine.Socket), _workDirectory, TimeSpan.FromSeconds(10));
        _containerizers.Add(docker);
        var containerizer = new RoutingContainerizer(
            CgroupContainerizer.ForHost(CgroupContainerizer.RuntimeDirectoryOf(_workDirectory)), docker);
        var settings = new AgentSettings
        {
            WorkDirectory = _workDirectory,
            RegistrationRetry = TimeSpan.FromMinutes(1),
            DefaultKillGracePeriod = TimeSpan.FromSeconds(1),
            KillTasksOnStop = false,
        };
        var info = new AgentInfo { Hostname = "127.0.0.1", Port = 5051 };
        info.Resources.AddRange(ResourceSet.Parse("cpus:2;mem:1024").ToProto());
        _masterProxy = CreateTestProbe();
        _master = CreateTestProbe();
        return Sys.ActorOf(AgentActor.Props(settings, info, _masterProxy.Ref, containerizer));
    }

    /// <summary>Stops the agent actor and drops its Docker containerizer, which leaves the container to the next one.</summary>
    private void CrashAgent()
    {
        Watch(_agent);
        Sys.Stop(_agent);
        ExpectTerminated(_agent, Patience);
        _containerizers[^1].Dispose();
    }

    private void Run(string command)
    {
        var task = new TaskInfo
        {
            Name = TaskId,
            TaskId = new TaskID { Value = TaskId },
            AgentId = new AgentID { Value = AgentId },
            Command = new CommandInfo { Shell = true, Value = command },
            Container = new ContainerInfo
            {
                Type = ContainerInfo.Types.Type.Docker,
                Docker = new ContainerInfo.Types.DockerInfo
                {
                    Image = TestDockerEngine.Image,
                    Network = ContainerInfo.Types.DockerInfo.Types.Network.None,
                },
            },
        };
        task.Resources.AddRange(ResourceSet.Parse("cpus:0.1;mem:32").ToProto());
        var framework = new FrameworkInfo { Id = new FrameworkID { Value = FrameworkId }, Name = FrameworkId, User = "root" };
        _agent.Tell(new RunTask { Framework = framework, Task = task }, _master.Ref);
    }

    private string Sandbox => SandboxLayout.For(_workDirectory, FrameworkId, TaskId);

    private string Stdout => Path.Combine(Sandbox, "stdout");

    private void Release() => File.WriteAllText(Path.Combine(Sandbox, "release"), "");

    private async Task<IList<ContainerListResponse>> ContainersOfThisAgentAsync() =>
        await _client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{DockerLabels.Agent}={_workDirectory}"] = true },
            },
        });

    private void AcknowledgeUntilRunning()
    {
        Acknowledge(ExpectUpdate(TaskState.TaskStarting));
        Acknowledge(ExpectUpdate(TaskState.TaskRunning));
    }

    private StatusUpdateReported ExpectUpdate(TaskState state)
    {
        var update = _master.ExpectMsg<StatusUpdateReported>(Patience);
        Assert.That((update.Status.TaskId.Value, update.Status.State), Is.EqualTo((TaskId, state)), update.Status.Message);
        return update;
    }

    private void Acknowledge(StatusUpdateReported update) =>
        _agent.Tell(new AcknowledgeStatusUpdate
        {
            AgentId = update.Status.AgentId,
            FrameworkId = update.FrameworkId,
            TaskId = update.Status.TaskId,
            Uuid = update.Status.Uuid,
        }, _master.Ref);

    private static string ExitCode(StatusUpdateReported update) =>
        update.Status.Labels.Labels_.Single(l => l.Key == TaskStatusBuilder.ExitCodeLabel).Value;

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not within {Patience}: {what}");
            Thread.Sleep(20);
        }
    }
}
