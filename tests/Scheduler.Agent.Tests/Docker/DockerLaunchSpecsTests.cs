using Scheduler.Agent.Docker;
using Scheduler.Protocol.V1;
using DockerInfo = Scheduler.Protocol.V1.ContainerInfo.Types.DockerInfo;

namespace Scheduler.Agent.Tests.Docker;

public sealed class DockerLaunchSpecsTests
{
    [Test]
    public void NoContainerOrMesosContainerIsNotDocker()
    {
        Assert.That(DockerLaunchSpecs.From(null), Is.Null);
        Assert.That(DockerLaunchSpecs.From(new ContainerInfo { Type = ContainerInfo.Types.Type.Mesos }), Is.Null);
    }

    [Test]
    public void DockerInfoIsReadWithMesosDefaults()
    {
        var spec = DockerLaunchSpecs.From(new ContainerInfo
        {
            Type = ContainerInfo.Types.Type.Docker,
            Docker = new DockerInfo { Image = "local/busybox:1" },
        });

        Assert.That(spec, Is.Not.Null);
        Assert.That(spec!.Image, Is.EqualTo("local/busybox:1"));
        Assert.That(spec.Network, Is.EqualTo(DockerNetwork.Host));
        Assert.That(spec.ForcePull, Is.False);
        Assert.That(spec.Privileged, Is.False);
    }

    [Test]
    public void EveryPartOfDockerInfoIsCarriedOver()
    {
        var info = new ContainerInfo
        {
            Type = ContainerInfo.Types.Type.Docker,
            Docker = new DockerInfo
            {
                Image = "img", Network = DockerInfo.Types.Network.Bridge, ForcePullImage = true, Privileged = true,
                Parameters = { new Parameter { Key = "env", Value = "A=1" } },
                PortMappings = { new DockerInfo.Types.PortMapping { HostPort = 8080, ContainerPort = 80, Protocol = "udp" } },
            },
            Volumes = { new Volume { HostPath = "/data", ContainerPath = "/d", Mode = Volume.Types.Mode.Ro } },
        };

        var spec = DockerLaunchSpecs.From(info)!;

        Assert.That(spec.Network, Is.EqualTo(DockerNetwork.Bridge));
        Assert.That(spec.ForcePull, Is.True);
        Assert.That(spec.Privileged, Is.True);
        Assert.That(spec.Parameters, Is.EqualTo(new[] { new KeyValuePair<string, string>("env", "A=1") }));
        Assert.That(spec.PortMappings, Is.EqualTo(new[] { new DockerPortMapping(8080, 80, "udp") }));
        Assert.That(spec.Volumes, Is.EqualTo(new[] { new DockerVolume("/data", "/d", ReadOnly: true) }));
    }

    [Test]
    public void WhatCannotRunIsRefused()
    {
        Assert.That(() => DockerLaunchSpecs.From(new ContainerInfo { Type = ContainerInfo.Types.Type.Docker }),
            Throws.ArgumentException.With.Message.Contains("image"));
        Assert.That(() => DockerLaunchSpecs.From(new ContainerInfo
            {
                Type = ContainerInfo.Types.Type.Docker,
                Docker = new DockerInfo { Image = "i", Network = DockerInfo.Types.Network.User },
            }),
            Throws.ArgumentException.With.Message.Contains("HOST, NONE or BRIDGE"));
        Assert.That(() => DockerLaunchSpecs.From(new ContainerInfo
            {
                Type = ContainerInfo.Types.Type.Docker,
                Docker = new DockerInfo { Image = "i" },
                Volumes = { new Volume { ContainerPath = "/d", Mode = Volume.Types.Mode.Rw } },
            }),
            Throws.ArgumentException.With.Message.Contains("only host path volumes"));
    }
}
