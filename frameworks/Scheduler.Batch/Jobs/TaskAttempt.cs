namespace Scheduler.Batch.Jobs;

/// <summary>One launch of a task instance, under a task id never used again.</summary>
public sealed class TaskAttempt
{
    public required string TaskId { get; init; }
    public required string JobId { get; init; }
    public required string TaskName { get; init; }
    public required int Index { get; init; }
    public required int Number { get; init; }
    public TaskPhase Phase { get; set; } = TaskPhase.Staging;
    public string? AgentId { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset LaunchedAt { get; init; }
    public DateTimeOffset? EndedAt { get; set; }
    public bool TimedOut { get; set; }
    public bool KillRequested { get; set; }

    /// <summary>When the last status update of this attempt came, since the framework started.</summary>
    internal DateTimeOffset? LastUpdateAt { get; set; }

    /// <summary>The updates that told this attempt it ended, since the framework started.</summary>
    public TerminalUpdateTally TerminalUpdates { get; } = new();

    /// <summary>When a kill was last sent; not kept across restarts, so a restarted framework kills again.</summary>
    internal DateTimeOffset? KillSentAt { get; set; }

    public bool IsActive => Phase is TaskPhase.Staging or TaskPhase.Running;
}
