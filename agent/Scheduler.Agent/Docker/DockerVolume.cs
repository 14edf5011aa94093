namespace Scheduler.Agent.Docker;

/// <summary>A host path bind-mounted into the container. A relative host path is taken inside the sandbox.</summary>
public sealed record DockerVolume(string HostPath, string ContainerPath, bool ReadOnly);
