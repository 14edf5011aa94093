using Docker.DotNet;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Docker;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Tests.Docker;

/// <summary>The agent fetching a URI into the sandbox of a Docker task, which sees it in the mounted sandbox (needs a real engine).</summary>
[TestFixture]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DockerFetchTests() : AgentActorFixture("docker-fetch-tests")
{
    private IDockerClient _client = null!;
    private DockerContainerizer? _docker;

    [SetUp]
    public async Task StartAgent()
    {
        RequireRootAndCgroups("The agent's cgroups containerizer beside Docker");
        _client = await TestDockerEngine.ConnectOrIgnoreAsync();
        CreateWorkDirectory("docker-fetch-tests-");
        _docker = new DockerContainerizer(DockerEngine.Connect(TestDockerEngine.Socket), WorkDirectory, TimeSpan.FromSeconds(10));
        StartAgentActor(new RoutingContainerizer(CgroupContainerizer.ForHost(CgroupContainerizer.RuntimeDirectoryOf(WorkDirectory)), _docker));
        RegisterAgent();
    }

    [TearDown]
    public async Task StopContainers()
    {
        if (_docker is not null)
        {
            await Task.WhenAll(_docker.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
            _docker.Dispose();
        }
        _client?.Dispose();
    }

    [Test]
    public void A_docker_task_sees_the_fetched_file_in_its_sandbox()
    {
        var source = Path.Combine(WorkDirectory, "source", "fetched.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        File.WriteAllText(source, "fetched for docker\n");
        var task = ShellTask("docker-reader", "cat fetched.txt");
        task.Command.Uris.Add(new CommandInfo.Types.URI { Value = "file://" + source });
        task.Container = new ContainerInfo
        {
            Type = ContainerInfo.Types.Type.Docker,
            Docker = new ContainerInfo.Types.DockerInfo { Image = TestDockerEngine.Image, Network = ContainerInfo.Types.DockerInfo.Types.Network.None },
        };

        Launch(task);
        AcknowledgeUntilRunning("docker-reader");
        ExpectUpdate("docker-reader", TaskState.TaskFinished);

        Assert.That(File.ReadAllText(Path.Combine(Sandbox("docker-reader"), "stdout")), Is.EqualTo("fetched for docker\n"));
    }
}
