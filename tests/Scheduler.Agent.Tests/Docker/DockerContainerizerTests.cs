using Docker.DotNet;
using Docker.DotNet.Models;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Docker;

namespace Scheduler.Agent.Tests.Docker;

/// <summary>Runs real containers on a real Docker engine (see scripts/docker-engine.sh).</summary>
[TestFixture]
[NonParallelizable]
public sealed class DockerContainerizerTests
{
    private const long Megabyte = 1024 * 1024;

    private IDockerClient client = null!;
    private DockerContainerizer containerizer = null!;
    private string agentLabel = null!;
    private string workDirectory = null!;

    [SetUp]
    public async Task SetUp()
    {
        client = await TestDockerEngine.ConnectOrIgnoreAsync();
        agentLabel = "docker-tests-" + Guid.NewGuid().ToString("N");
        containerizer = new DockerContainerizer(client, agentLabel, pullTimeout: TimeSpan.FromSeconds(10));
        workDirectory = Directory.CreateTempSubdirectory("docker-containerizer-tests-").FullName;
    }

    [TearDown]
    public async Task TearDown()
    {
        if (containerizer is null)
            return;
        foreach (var container in containerizer.Running)
            await container.KillAsync(TimeSpan.Zero);
        await containerizer.CleanupOrphansAsync();
        containerizer.Dispose();
        if (Directory.Exists(workDirectory))
            Directory.Delete(workDirectory, recursive: true);
    }

    private ContainerLaunchSpec ShellSpec(string command, double memoryMegabytes = 64, double cpus = 0.5, string image = TestDockerEngine.Image) => new()
    {
        ContainerId = "test-" + Guid.NewGuid().ToString("N"),
        FrameworkId = "framework-1",
        TaskId = "task-" + TestContext.CurrentContext.Test.MethodName,
        Shell = command,
        SandboxDirectory = Path.Combine(workDirectory, "sandbox"),
        Cpus = cpus,
        MemoryMegabytes = memoryMegabytes,
        Docker = new DockerLaunchSpec { Image = image, Network = DockerNetwork.None },
    };

    private static async Task<ContainerTermination> WaitForTermination(IRunningContainer container, double seconds = 15)
    {
        var finished = await Task.WhenAny(container.Termination, Task.Delay(TimeSpan.FromSeconds(seconds)));
        Assert.That(finished, Is.SameAs(container.Termination), "container did not terminate in time");
        return await container.Termination;
    }

    private async Task<IList<ContainerListResponse>> OurContainersAsync() =>
        await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{DockerLabels.Agent}={agentLabel}"] = true },
            },
        });

    [Test]
    public async Task EchoWritesToSandboxStdoutAndExitsZero()
    {
        var spec = ShellSpec("echo hello from $MESOS_TASK_ID; echo oops >&2; pwd");

        var container = await containerizer.LaunchAsync(spec);
        var termination = await WaitForTermination(container);

        Assert.That(termination.ExitCode, Is.EqualTo(0));
        Assert.That(termination.Succeeded, Is.True);
        Assert.That(File.ReadAllText(spec.StdoutPath),
            Is.EqualTo($"hello from {spec.TaskId}\n{DockerContainerConfig.SandboxMount}\n"));
        Assert.That(File.ReadAllText(spec.StderrPath), Is.EqualTo("oops\n"));
        Assert.That(containerizer.Running, Is.Empty);
        Assert.That(await OurContainersAsync(), Is.Empty, "the container is removed once it has ended");
    }

    [Test]
    public async Task ExecutableWithArgumentsRunsWithoutAShell()
    {
        var spec = ShellSpec("unused") with { Shell = null, Executable = "echo", Arguments = ["a b", "$HOME"] };

        var termination = await WaitForTermination(await containerizer.LaunchAsync(spec));

        Assert.That(termination.ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllText(spec.StdoutPath), Is.EqualTo("a b $HOME\n"));
    }

    [Test]
    public async Task NonZeroExitCodeIsReported()
    {
        var termination = await WaitForTermination(await containerizer.LaunchAsync(ShellSpec("exit 3")));

        Assert.That(termination.ExitCode, Is.EqualTo(3));
        Assert.That(termination.OomKilled, Is.False);
        Assert.That(termination.Message, Is.EqualTo("Command exited with status 3"));
    }

    [Test]
    public async Task ExceedingTheMemoryLimitIsReportedAsOomKill()
    {
        var spec = ShellSpec("head -c 200m /dev/zero | tail", memoryMegabytes: 32);

        var termination = await WaitForTermination(await containerizer.LaunchAsync(spec), seconds: 30);

        Assert.That(termination.OomKilled, Is.True);
        Assert.That(termination.Succeeded, Is.False);
        Assert.That(termination.Message, Does.StartWith("Memory limit exceeded: Requested: 32MB"));
    }

    [Test]
    public async Task LabelsAndLimitsAreVisibleThroughInspect()
    {
        var spec = ShellSpec("sleep 30", memoryMegabytes: 48, cpus: 0.25) with { Pids = 20 };
        var container = (DockerRunningContainer)await containerizer.LaunchAsync(spec);

        var inspected = await client.Containers.InspectContainerAsync(container.DockerId);

        Assert.That(inspected.State.Running, Is.True);
        Assert.That(container.Pid, Is.EqualTo((int)inspected.State.Pid).And.GreaterThan(0));
        Assert.That(inspected.Name, Is.EqualTo("/" + DockerLabels.NamePrefix + spec.ContainerId));
        Assert.That(inspected.Config.Labels[DockerLabels.Agent], Is.EqualTo(agentLabel));
        Assert.That(inspected.Config.Labels[DockerLabels.ContainerId], Is.EqualTo(spec.ContainerId));
        Assert.That(inspected.Config.Labels[DockerLabels.FrameworkId], Is.EqualTo("framework-1"));
        Assert.That(inspected.Config.Labels[DockerLabels.TaskId], Is.EqualTo(spec.TaskId));
        Assert.That(inspected.HostConfig.Memory, Is.EqualTo(48 * Megabyte));
        Assert.That(inspected.HostConfig.MemorySwap, Is.EqualTo(48 * Megabyte));
        Assert.That(inspected.HostConfig.CPUShares, Is.EqualTo(256));
        Assert.That(inspected.HostConfig.CPUQuota, Is.EqualTo(25_000));
        Assert.That(inspected.HostConfig.CPUPeriod, Is.EqualTo(100_000));
        Assert.That(inspected.HostConfig.PidsLimit, Is.EqualTo(20));
        Assert.That(inspected.HostConfig.NetworkMode, Is.EqualTo("none"));
        Assert.That(container.Usage().MemoryLimitBytes, Is.EqualTo(48 * Megabyte));
    }

    [Test]
    public async Task KillLetsAContainerThatHandlesTermFinishWithinTheGracePeriod()
    {
        var spec = ShellSpec("trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.1; done");
        var container = await containerizer.LaunchAsync(spec);
        await WaitForOutput(spec.StdoutPath, "ready\n");

        var started = DateTimeOffset.UtcNow;
        await container.KillAsync(TimeSpan.FromSeconds(10));
        var termination = await container.Termination;

        Assert.That(DateTimeOffset.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(8)));
        Assert.That(termination.ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllText(spec.StdoutPath), Is.EqualTo("ready\nbye\n"));
    }

    [Test]
    public async Task KillKillsAContainerThatIgnoresTermAfterTheGracePeriod()
    {
        // A shell as the container's first process ignores SIGTERM unless it traps it.
        var spec = ShellSpec("echo ready; while true; do sleep 0.1; done");
        var container = await containerizer.LaunchAsync(spec);
        await WaitForOutput(spec.StdoutPath, "ready\n");

        var started = DateTimeOffset.UtcNow;
        await container.KillAsync(TimeSpan.FromSeconds(1));
        var termination = await container.Termination;

        Assert.That(DateTimeOffset.UtcNow - started, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)).And.LessThan(TimeSpan.FromSeconds(8)));
        Assert.That(termination.Signal, Is.EqualTo(9));
        Assert.That(await OurContainersAsync(), Is.Empty);
    }

    [Test]
    public async Task MissingImageFailsTheLaunchQuicklyWithAClearMessage()
    {
        var spec = ShellSpec("true", image: "local/does-not-exist:" + Guid.NewGuid().ToString("N")[..8]);

        var started = DateTimeOffset.UtcNow;
        var error = Assert.ThrowsAsync<DockerImageUnavailableException>(() => containerizer.LaunchAsync(spec));

        Assert.That(DateTimeOffset.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(12)));
        Assert.That(error!.Message, Does.StartWith($"Image {spec.Docker!.Image} is not available: "));
        Assert.That(await OurContainersAsync(), Is.Empty);
    }

    [Test]
    public async Task BridgeNetworkIsRefusedWhereTheEngineHasNone()
    {
        var networks = await client.Networks.ListNetworksAsync(new NetworksListParameters());
        if (networks.Any(n => n.Driver == "bridge"))
            Assert.Ignore("This engine has a bridge network");
        var spec = ShellSpec("true") with { Docker = new DockerLaunchSpec { Image = TestDockerEngine.Image, Network = DockerNetwork.Bridge } };

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => containerizer.LaunchAsync(spec));

        Assert.That(error!.Message, Does.Contain("no bridge network"));
    }

    [Test]
    public async Task CleanupOrphansRemovesOnlyUnknownContainersOfThisAgent()
    {
        var running = await containerizer.LaunchAsync(ShellSpec("sleep 30"));
        var orphan = await CreateLabelledAsync(agentLabel, "orphan-1");
        var othersAgent = await CreateLabelledAsync("another-agent-" + Guid.NewGuid().ToString("N"), "not-ours");
        try
        {
            var removed = await containerizer.CleanupOrphansAsync();

            Assert.That(removed, Is.EqualTo(new[] { "orphan-1" }));
            var left = (await OurContainersAsync()).Select(c => c.Labels[DockerLabels.ContainerId]);
            Assert.That(left, Is.EqualTo(new[] { running.ContainerId }));
            Assert.That(async () => await client.Containers.InspectContainerAsync(othersAgent), Throws.Nothing);
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(othersAgent, new ContainerRemoveParameters { Force = true });
        }
        Assert.That(orphan, Is.Not.Empty);
    }

    private async Task<string> CreateLabelledAsync(string agent, string containerId) =>
        (await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = TestDockerEngine.Image,
            Cmd = ["true"],
            Labels = new Dictionary<string, string> { [DockerLabels.Agent] = agent, [DockerLabels.ContainerId] = containerId },
            HostConfig = new HostConfig { NetworkMode = "none" },
        })).ID;

    private static async Task WaitForOutput(string path, string expected)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!(File.Exists(path) && File.ReadAllText(path) == expected))
        {
            if (DateTimeOffset.UtcNow > deadline)
                Assert.Fail($"{path} never read '{expected}'");
            await Task.Delay(20);
        }
    }
}
