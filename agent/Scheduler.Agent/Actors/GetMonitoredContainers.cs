namespace Scheduler.Agent.Actors;

/// <summary>Asks the agent actor for its running tasks' containers; it answers with a list of <see cref="Http.MonitoredContainer"/>.</summary>
public sealed record GetMonitoredContainers
{
    public static readonly GetMonitoredContainers Instance = new();
}
