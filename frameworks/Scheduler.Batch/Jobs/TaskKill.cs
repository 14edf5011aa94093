namespace Scheduler.Batch.Jobs;

/// <summary>An attempt to kill, on the agent it was launched on when known.</summary>
public sealed record TaskKill(string TaskId, string? AgentId);
