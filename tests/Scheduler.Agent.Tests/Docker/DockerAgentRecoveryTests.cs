using Akka.Actor;
using Docker.DotNet;
using Docker.DotNet.Models;
using Scheduler.Agent.Actors;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Docker;
using Scheduler.Agent.Recovery;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
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
public sealed class DockerAgentRecoveryTests() : AgentActorFixture("docker-agent-recovery-tests")
{
    private const string TaskId = "docker-task";

    private readonly List<DockerContainerizer> _containerizers = [];
    private IDockerClient _client = null!;

    [SetUp]
    public async Task StartAgent()
    {
        RequireRootAndCgroups("The agent's cgroups containerizer beside Docker");
        _client = await TestDockerEngine.ConnectOrIgnoreAsync();
        CreateWorkDirectory("docker-agent-recovery-tests-");
        StartAgentActor();
        Assert.That(RegisterAgent().AgentInfo.Id, Is.Null);
    }

    [TearDown]
    public async Task RemoveContainers()
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
    }

    [Test]
    public async Task A_docker_task_running_when_the_agent_stops_is_reattached_and_reports_finished_with_its_exit_code()
    {
        Run("echo before; while [ ! -e release ]; do sleep 0.05; done; echo after; exit 0");
        AcknowledgeUntilRunning();
        WaitUntil(() => File.ReadAllText(Stdout) == "before\n", "the task has written its first line");

        CrashAgentAndDropItsContainerizer();
        Assert.That((await ContainersOfThisAgentAsync()).Single().State, Is.EqualTo("running"), "the container survives the agent");
        StartAgentActor();

        var reregistration = MasterProxy.ExpectMsg<ReregisterAgent>(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(reregistration.AgentInfo.Id.Value, Is.EqualTo(AgentId));
            Assert.That(reregistration.Tasks.Select(t => (t.TaskId.Value, t.State)), Is.EqualTo(new[] { (TaskId, TaskState.TaskRunning) }));
        });
        Agent.Tell(new AgentReregistered { AgentId = new AgentID { Value = AgentId } }, Master.Ref);
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

        CrashAgentAndDropItsContainerizer();
        Release();
        WaitUntil(() => ContainersOfThisAgentAsync().GetAwaiter().GetResult().Single().State == "exited", "the container ends");
        StartAgentActor();

        MasterProxy.ExpectMsg<ReregisterAgent>(Patience);
        Agent.Tell(new AgentReregistered { AgentId = new AgentID { Value = AgentId } }, Master.Ref);
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
        WaitUntil(() => !Directory.Exists(new CheckpointLayout(WorkDirectory).TaskDirectory(FrameworkId, TaskId)),
            "the acknowledged task's checkpoint is removed");
    }

    private IActorRef StartAgentActor()
    {
        // As AgentContainerizers builds them: the work directory labels this agent's Docker containers.
        var docker = new DockerContainerizer(DockerEngine.Connect(TestDockerEngine.Socket), WorkDirectory, TimeSpan.FromSeconds(10));
        _containerizers.Add(docker);
        var containerizer = new RoutingContainerizer(
            CgroupContainerizer.ForHost(CgroupContainerizer.RuntimeDirectoryOf(WorkDirectory)), docker);
        return StartAgentActor(containerizer, killTasksOnStop: false);
    }

    /// <summary>Stops the agent actor and drops its Docker containerizer, which leaves the container to the next one.</summary>
    private void CrashAgentAndDropItsContainerizer()
    {
        CrashAgent();
        _containerizers[^1].Dispose();
    }

    private void Run(string command)
    {
        var task = ShellTask(TaskId, command);
        task.Container = new ContainerInfo
        {
            Type = ContainerInfo.Types.Type.Docker,
            Docker = new ContainerInfo.Types.DockerInfo
            {
                Image = TestDockerEngine.Image,
                Network = ContainerInfo.Types.DockerInfo.Types.Network.None,
            },
        };
        Launch(task);
    }

    private string Stdout => Path.Combine(Sandbox(TaskId), "stdout");

    private void Release() => File.WriteAllText(Path.Combine(Sandbox(TaskId), "release"), "");

    private async Task<IList<ContainerListResponse>> ContainersOfThisAgentAsync() =>
        await _client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{DockerLabels.Agent}={WorkDirectory}"] = true },
            },
        });

    private void AcknowledgeUntilRunning() => AcknowledgeUntilRunning(TaskId);

    private StatusUpdateReported ExpectUpdate(TaskState state) => ExpectUpdate(TaskId, state);
}
