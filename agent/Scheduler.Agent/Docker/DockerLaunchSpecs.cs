using Scheduler.Protocol.V1;

namespace Scheduler.Agent.Docker;

/// <summary>Reads the Docker part of a launch from a task's <c>ContainerInfo</c>.</summary>
public static class DockerLaunchSpecs
{
    /// <summary>Null unless the container's type is DOCKER; throws <see cref="ArgumentException"/> for what cannot run.</summary>
    public static DockerLaunchSpec? From(ContainerInfo? container)
    {
        if (container is null || !container.HasType || container.Type != ContainerInfo.Types.Type.Docker)
            return null;
        var docker = container.Docker ?? throw new ArgumentException("A DOCKER container needs its docker info (image).");
        if (string.IsNullOrWhiteSpace(docker.Image))
            throw new ArgumentException("A DOCKER container needs an image.");
        return new DockerLaunchSpec
        {
            Image = docker.Image,
            Network = NetworkOf(docker),
            ForcePull = docker.ForcePullImage,
            Privileged = docker.Privileged,
            Parameters = docker.Parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToList(),
            PortMappings = docker.PortMappings
                .Select(p => new DockerPortMapping((int)p.HostPort, (int)p.ContainerPort, p.HasProtocol ? p.Protocol : "tcp"))
                .ToList(),
            Volumes = container.Volumes.Select(VolumeOf).ToList(),
        };
    }

    private static DockerNetwork NetworkOf(ContainerInfo.Types.DockerInfo docker) => docker.Network switch
    {
        ContainerInfo.Types.DockerInfo.Types.Network.Host => DockerNetwork.Host,
        ContainerInfo.Types.DockerInfo.Types.Network.None => DockerNetwork.None,
        ContainerInfo.Types.DockerInfo.Types.Network.Bridge => DockerNetwork.Bridge,
        var other => throw new ArgumentException($"Docker network {other} is not supported; use HOST, NONE or BRIDGE."),
    };

    private static DockerVolume VolumeOf(Volume volume)
    {
        if (!volume.HasHostPath || string.IsNullOrWhiteSpace(volume.HostPath))
            throw new ArgumentException($"Volume at {volume.ContainerPath} has no host path; only host path volumes are supported.");
        return new DockerVolume(volume.HostPath, volume.ContainerPath, volume.Mode == Volume.Types.Mode.Ro);
    }
}
