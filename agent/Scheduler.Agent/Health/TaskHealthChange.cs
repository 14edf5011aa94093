namespace Scheduler.Agent.Health;

/// <summary>What the agent tells the framework after a check: the task's health and whether it is to be killed.</summary>
public sealed record TaskHealthChange(bool Healthy, int ConsecutiveFailures, bool KillTask, string? Failure);
