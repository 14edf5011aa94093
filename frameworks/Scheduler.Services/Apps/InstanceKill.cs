namespace Scheduler.Services.Apps;

/// <summary>A task to kill, on the agent it was launched on.</summary>
public sealed record InstanceKill(string TaskId, string AgentId);
