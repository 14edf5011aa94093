namespace Scheduler.Cron.Runs;

/// <summary>One time a cron job was due, and what came of it. A run has at most one attempt active at a time.</summary>
public sealed class CronRun
{
    public required string JobName { get; init; }

    /// <summary>1 for the job's first run, then counting up.</summary>
    public required int Number { get; init; }

    public required DateTimeOffset ScheduledAt { get; init; }

    /// <summary>When its first attempt was launched.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public RunPhase Phase { get; set; } = RunPhase.Pending;

    /// <summary>Attempts that ran (launches the master dropped do not count).</summary>
    public int Attempts { get; set; }

    public int Failures { get; set; }

    /// <summary>Launches so far, dropped ones included: it numbers the task ids, which are never used twice.</summary>
    public int Launches { get; set; }

    /// <summary>The latest attempt's task.</summary>
    public string? TaskId { get; set; }

    public string? AgentId { get; set; }

    public string? Message { get; set; }

    /// <summary>The earliest time the next attempt may start: the backoff after a failure.</summary>
    public DateTimeOffset NotBefore { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Why the active attempt is being killed (replaced, removed, timed out); null while no kill is wanted.</summary>
    public string? KillReason { get; set; }

    /// <summary>Whether the kill ends the attempt as a failure (a timeout) rather than as killed.</summary>
    public bool KillFails { get; set; }

    /// <summary>When a kill was last sent; not kept across restarts, so a restarted framework kills again.</summary>
    internal DateTimeOffset? KillSentAt { get; set; }

    public bool IsActive => Phase is RunPhase.Pending or RunPhase.Staging or RunPhase.Running;

    public bool IsLaunched => Phase is RunPhase.Staging or RunPhase.Running;
}
