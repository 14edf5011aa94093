namespace Scheduler.Agent.Docker;

/// <summary>The Docker part of a launch: which image, on which network, with which extras (Mesos's <c>DockerInfo</c>).</summary>
public sealed record DockerLaunchSpec
{
    public required string Image { get; init; }
    public DockerNetwork Network { get; init; } = DockerNetwork.Host;
    public bool ForcePull { get; init; }
    public bool Privileged { get; init; }

    /// <summary>Extra <c>docker run</c> options as key and value, e.g. <c>("env", "A=1")</c> or <c>("cap-add", "NET_ADMIN")</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    public IReadOnlyList<DockerPortMapping> PortMappings { get; init; } = [];
    public IReadOnlyList<DockerVolume> Volumes { get; init; } = [];
}
