namespace Scheduler.Agent.Docker;

/// <summary>The network a Docker task joins, as Mesos's <c>DockerInfo.Network</c> names it.</summary>
public enum DockerNetwork
{
    Host,
    None,
    Bridge,
}
