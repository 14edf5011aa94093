using Scheduler.Agent.Containers;
using Scheduler.Agent.Docker;

namespace Scheduler.Agent.Tests.Docker;

public sealed class RoutingContainerizerTests
{
    private static readonly ContainerLaunchSpec Plain = new()
    {
        ContainerId = "c", FrameworkId = "f", TaskId = "t", Shell = "true", SandboxDirectory = "/tmp/none",
    };

    private static readonly ContainerLaunchSpec InDocker = Plain with { Docker = new DockerLaunchSpec { Image = "i" } };

    [Test]
    public async Task DockerLaunchesGoToDockerAndOthersToCgroups()
    {
        var cgroups = new RecordingContainerizer("cgroups-orphan");
        var docker = new RecordingContainerizer("docker-orphan");
        var routing = new RoutingContainerizer(cgroups, docker);

        await routing.LaunchAsync(Plain);
        await routing.LaunchAsync(InDocker);

        Assert.That(cgroups.Launched, Is.EqualTo(new[] { Plain }));
        Assert.That(docker.Launched, Is.EqualTo(new[] { InDocker }));
        Assert.That(await routing.CleanupOrphansAsync(), Is.EqualTo(new[] { "cgroups-orphan", "docker-orphan" }));
    }

    [Test]
    public void ALaunchNoContainerizerCanRunFailsClearly()
    {
        Assert.That(() => new RoutingContainerizer(new RecordingContainerizer(), null).LaunchAsync(InDocker),
            Throws.InvalidOperationException.With.Message.Contains("no Docker containerizer"));
        Assert.That(() => new RoutingContainerizer(null, new RecordingContainerizer()).LaunchAsync(Plain),
            Throws.InvalidOperationException.With.Message.Contains("no cgroups containerizer"));
    }

    private sealed class RecordingContainerizer(params string[] orphans) : IContainerizer
    {
        public List<ContainerLaunchSpec> Launched { get; } = [];
        public IReadOnlyCollection<IRunningContainer> Running => [];

        public Task<IRunningContainer> LaunchAsync(ContainerLaunchSpec spec, CancellationToken cancellationToken = default)
        {
            Launched.Add(spec);
            return Task.FromResult<IRunningContainer>(null!);
        }

        public Task<IReadOnlyList<string>> CleanupOrphansAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<string>>(orphans);
    }
}
