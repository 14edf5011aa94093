namespace Scheduler.Agent.Docker;

/// <summary>A host port forwarded to a container port; only meaningful on a bridge network.</summary>
public sealed record DockerPortMapping(int HostPort, int ContainerPort, string Protocol = "tcp");
