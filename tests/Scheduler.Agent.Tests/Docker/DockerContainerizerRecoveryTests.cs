using Docker.DotNet;
using Docker.DotNet.Models;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Docker;

namespace Scheduler.Agent.Tests.Docker;

/// <summary>
/// A Docker containerizer is disposed while its containers run, as an agent that dies leaves them, and a new one
/// with the same agent label recovers them on a real engine (see scripts/docker-engine.sh).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DockerContainerizerRecoveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly List<DockerContainerizer> containerizers = [];
    private IDockerClient client = null!;
    private string agentLabel = null!;
    private string sandbox = null!;

    [SetUp]
    public async Task SetUp()
    {
        client = await TestDockerEngine.ConnectOrIgnoreAsync();
        agentLabel = "docker-recovery-tests-" + Guid.NewGuid().ToString("N");
        sandbox = Directory.CreateTempSubdirectory("docker-recovery-tests-").FullName;
    }

    [TearDown]
    public async Task TearDown()
    {
        if (client is null)
            return;
        foreach (var containerizer in containerizers)
        {
            await Task.WhenAll(containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
            containerizer.Dispose();
        }
        foreach (var left in await OurContainersAsync())
            await client.Containers.RemoveContainerAsync(left.ID, new ContainerRemoveParameters { Force = true });
        client.Dispose();
        if (Directory.Exists(sandbox))
            Directory.Delete(sandbox, recursive: true);
    }

    [Test]
    public async Task A_running_container_is_reattached_and_its_output_resumes_where_the_sandbox_file_ends()
    {
        var first = NewContainerizer();
        var spec = Spec("echo before; echo err-before >&2; while [ ! -e release ]; do sleep 0.05; done; echo after; exit 4");
        var launched = await first.LaunchAsync(spec);
        await WaitUntilAsync(() => File.ReadAllText(spec.StdoutPath) == "before\n" && File.ReadAllText(spec.StderrPath) == "err-before\n",
            "the output before the restart is in the sandbox");

        first.Dispose();
        var second = NewContainerizer();
        var leftAlone = await second.CleanupOrphansAsync();
        var recovered = await second.RecoverAsync([spec.ContainerId]);

        Assert.That(leftAlone, Is.Empty, "cleanup before recovery leaves the earlier agent's containers");
        var reattached = recovered[spec.ContainerId].Running;
        Assert.That(reattached, Is.Not.Null);
        Assert.That(reattached!.Pid, Is.EqualTo(launched.Pid));
        Assert.That(second.Running, Is.EqualTo(new[] { reattached }));

        File.WriteAllText(Path.Combine(spec.SandboxDirectory, "release"), "");
        var termination = await WaitForAsync(reattached.Termination);

        Assert.That(termination.ExitCode, Is.EqualTo(4));
        Assert.That(File.ReadAllText(spec.StdoutPath), Is.EqualTo("before\nafter\n"));
        Assert.That(File.ReadAllText(spec.StderrPath), Is.EqualTo("err-before\n"));
        Assert.That(await OurContainersAsync(), Is.Empty);
    }

    [Test]
    public async Task A_container_killed_for_memory_while_the_agent_was_down_is_reported_with_the_engines_record_and_removed()
    {
        var first = NewContainerizer();
        var spec = Spec("echo started; while [ ! -e release ]; do sleep 0.05; done; echo allocating; head -c 200m /dev/zero | tail",
            memoryMegabytes: 32);
        var launched = (DockerRunningContainer)await first.LaunchAsync(spec);
        await WaitUntilAsync(() => File.ReadAllText(spec.StdoutPath) == "started\n", "the container has started");

        first.Dispose();
        File.WriteAllText(Path.Combine(spec.SandboxDirectory, "release"), "");
        await WaitUntilAsync(() => !client.Containers.InspectContainerAsync(launched.DockerId).GetAwaiter().GetResult().State.Running,
            "the container ends");
        var recovered = await NewContainerizer().RecoverAsync([spec.ContainerId]);

        var ended = recovered[spec.ContainerId].Ended;
        Assert.That(recovered[spec.ContainerId].Running, Is.Null);
        Assert.That(ended!.OomKilled, Is.True);
        Assert.That(ended.Message, Does.StartWith("Memory limit exceeded: Requested: 32MB"));
        Assert.That(File.ReadAllText(spec.StdoutPath), Is.EqualTo("started\nallocating\n"), "the output written meanwhile is copied");
        Assert.That(await OurContainersAsync(), Is.Empty);
    }

    [Test]
    public async Task Recovery_removes_the_containers_of_this_agent_it_does_not_know_and_reports_missing_ones_unknown()
    {
        var stranger = await CreateLabelledAsync(agentLabel, "not-known");
        var othersAgent = await CreateLabelledAsync("another-agent-" + Guid.NewGuid().ToString("N"), "not-ours");
        try
        {
            var recovered = await NewContainerizer().RecoverAsync(["missing"]);

            Assert.That(recovered["missing"].Running, Is.Null);
            Assert.That(recovered["missing"].Ended!.ExitCode, Is.Null);
            Assert.That(await OurContainersAsync(), Is.Empty);
            Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.Containers.InspectContainerAsync(stranger));
            Assert.That(async () => await client.Containers.InspectContainerAsync(othersAgent), Throws.Nothing);
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(othersAgent, new ContainerRemoveParameters { Force = true });
        }
    }

    private DockerContainerizer NewContainerizer()
    {
        var containerizer = new DockerContainerizer(DockerEngine.Connect(TestDockerEngine.Socket), agentLabel, TimeSpan.FromSeconds(10));
        containerizers.Add(containerizer);
        return containerizer;
    }

    private ContainerLaunchSpec Spec(string command, double memoryMegabytes = 64) => new()
    {
        ContainerId = "recovery-" + Guid.NewGuid().ToString("N"),
        FrameworkId = "framework-1",
        TaskId = "task-1",
        Shell = command,
        SandboxDirectory = sandbox,
        Cpus = 0.5,
        MemoryMegabytes = memoryMegabytes,
        Docker = new DockerLaunchSpec { Image = TestDockerEngine.Image, Network = DockerNetwork.None },
    };

    private async Task<IList<ContainerListResponse>> OurContainersAsync() =>
        await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{DockerLabels.Agent}={agentLabel}"] = true },
            },
        });

    private async Task<string> CreateLabelledAsync(string agent, string containerId) =>
        (await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = TestDockerEngine.Image,
            Cmd = ["true"],
            Labels = new Dictionary<string, string> { [DockerLabels.Agent] = agent, [DockerLabels.ContainerId] = containerId },
            HostConfig = new HostConfig { NetworkMode = "none" },
        })).ID;

    private static async Task<T> WaitForAsync<T>(Task<T> task)
    {
        var finished = await Task.WhenAny(task, Task.Delay(Patience));
        Assert.That(finished, Is.SameAs(task), "did not complete in time");
        return await task;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Not within {Patience}: {what}");
            await Task.Delay(20);
        }
    }
}
