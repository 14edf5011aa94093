using Scheduler.Agent.Containers;
using Scheduler.Agent.Docker;

namespace Scheduler.Agent.Tests.Docker;

public sealed class DockerContainerConfigTests
{
    private static ContainerLaunchSpec Spec(DockerLaunchSpec? docker = null) => new()
    {
        ContainerId = "c-1",
        FrameworkId = "fw",
        TaskId = "t-1",
        Shell = "echo hi",
        SandboxDirectory = "/var/sandboxes/t-1",
        Cpus = 0.5,
        MemoryMegabytes = 64,
        Pids = 50,
        Environment = new Dictionary<string, string> { ["A"] = "1" },
        Docker = docker ?? new DockerLaunchSpec { Image = "local/busybox:1" },
    };

    [Test]
    public void ShellCommandRunsThroughShInTheSandboxWithTheTasksLimitsAndLabels()
    {
        var config = DockerContainerConfig.For(Spec(), "agent-a");

        Assert.That(config.Name, Is.EqualTo("sched-c-1"));
        Assert.That(config.Image, Is.EqualTo("local/busybox:1"));
        Assert.That(config.Entrypoint, Is.EqualTo(new[] { "/bin/sh", "-c" }));
        Assert.That(config.Cmd, Is.EqualTo(new[] { "echo hi" }));
        Assert.That(config.WorkingDir, Is.EqualTo("/mnt/mesos/sandbox"));
        Assert.That(config.HostConfig.Binds, Is.EqualTo(new[] { "/var/sandboxes/t-1:/mnt/mesos/sandbox" }));
        Assert.That(config.HostConfig.NetworkMode, Is.EqualTo("host"));
        Assert.That(config.HostConfig.Privileged, Is.False);
        Assert.That(config.HostConfig.Memory, Is.EqualTo(64L * 1024 * 1024));
        Assert.That(config.HostConfig.MemorySwap, Is.EqualTo(config.HostConfig.Memory));
        Assert.That(config.HostConfig.CPUShares, Is.EqualTo(512));
        Assert.That(config.HostConfig.CPUQuota, Is.EqualTo(50_000));
        Assert.That(config.HostConfig.PidsLimit, Is.EqualTo(50));
        Assert.That(config.Labels, Is.EquivalentTo(new Dictionary<string, string>
        {
            [DockerLabels.Agent] = "agent-a", [DockerLabels.ContainerId] = "c-1",
            [DockerLabels.FrameworkId] = "fw", [DockerLabels.TaskId] = "t-1",
        }));
        Assert.That(config.Env, Is.EquivalentTo(new[]
        {
            "A=1", "MESOS_SANDBOX=/mnt/mesos/sandbox", "MESOS_TASK_ID=t-1", "MESOS_FRAMEWORK_ID=fw", "MESOS_CONTAINER_NAME=sched-c-1",
        }));
    }

    [Test]
    public void ExecutableKeepsTheImagesEntrypointAndPassesItsArguments()
    {
        var config = DockerContainerConfig.For(Spec() with { Shell = null, Executable = "echo", Arguments = ["a", "b"] }, "agent");

        Assert.That(config.Entrypoint, Is.Null);
        Assert.That(config.Cmd, Is.EqualTo(new[] { "echo", "a", "b" }));
    }

    [Test]
    public void NoCommandRunsTheImagesOwnCommand()
    {
        var config = DockerContainerConfig.For(Spec() with { Shell = null }, "agent");

        Assert.That(config.Entrypoint, Is.Null);
        Assert.That(config.Cmd, Is.Null);
    }

    [Test]
    public void NetworkPrivilegedVolumesAndParametersAreApplied()
    {
        var config = DockerContainerConfig.For(Spec(new DockerLaunchSpec
        {
            Image = "img",
            Network = DockerNetwork.None,
            Privileged = true,
            Volumes = [new DockerVolume("/etc/hosts", "/h", ReadOnly: true), new DockerVolume("data", "/data", ReadOnly: false)],
            Parameters = [new("env", "B=2"), new("label", "team=x"), new("cap-add", "NET_ADMIN"), new("user", "nobody")],
        }), "agent");

        Assert.That(config.HostConfig.NetworkMode, Is.EqualTo("none"));
        Assert.That(config.HostConfig.Privileged, Is.True);
        Assert.That(config.HostConfig.Binds, Is.EqualTo(new[]
        {
            "/var/sandboxes/t-1:/mnt/mesos/sandbox", "/etc/hosts:/h:ro", "/var/sandboxes/t-1/data:/data:rw",
        }));
        Assert.That(config.Env, Does.Contain("B=2"));
        Assert.That(config.Labels["team"], Is.EqualTo("x"));
        Assert.That(config.HostConfig.CapAdd, Is.EqualTo(new[] { "NET_ADMIN" }));
        Assert.That(config.User, Is.EqualTo("nobody"));
    }

    [Test]
    public void UnknownOrReservedParametersAreRefused()
    {
        Assert.That(() => DockerContainerConfig.For(Spec(new DockerLaunchSpec { Image = "i", Parameters = [new("ipc", "host")] }), "a"),
            Throws.ArgumentException.With.Message.EqualTo("Docker parameter 'ipc=host' is not supported."));
        Assert.That(() => DockerContainerConfig.For(Spec(new DockerLaunchSpec { Image = "i", Parameters = [new("label", "scheduler.agent=x")] }), "a"),
            Throws.ArgumentException.With.Message.Contains("reserved"));
    }

    [Test]
    public void PortMappingsNeedTheBridgeNetwork()
    {
        var mapping = new DockerPortMapping(8080, 80);
        Assert.That(() => DockerContainerConfig.For(Spec(new DockerLaunchSpec { Image = "i", PortMappings = [mapping] }), "a"),
            Throws.ArgumentException.With.Message.Contains("BRIDGE"));

        var config = DockerContainerConfig.For(Spec(new DockerLaunchSpec { Image = "i", Network = DockerNetwork.Bridge, PortMappings = [mapping] }), "a");

        Assert.That(config.HostConfig.NetworkMode, Is.EqualTo("bridge"));
        Assert.That(config.ExposedPorts.Keys, Is.EqualTo(new[] { "80/tcp" }));
        Assert.That(config.HostConfig.PortBindings["80/tcp"].Single().HostPort, Is.EqualTo("8080"));
    }

    [TestCase("local/busybox:1", "local/busybox", "1")]
    [TestCase("busybox", "busybox", "latest")]
    [TestCase("registry:5000/team/app", "registry:5000/team/app", "latest")]
    [TestCase("registry:5000/team/app:2.1", "registry:5000/team/app", "2.1")]
    [TestCase("app@sha256:abc", "app@sha256:abc", null)]
    public void ImageNamesSplitIntoNameAndTag(string image, string name, string? tag)
    {
        Assert.That(DockerImagePuller.Split(image), Is.EqualTo((name, tag)));
    }
}
