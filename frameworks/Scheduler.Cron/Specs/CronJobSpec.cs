using Scheduler.Batch.Specs;
using Scheduler.Cron.Schedules;

namespace Scheduler.Cron.Specs;

/// <summary>A cron job as written in its file: when it is due, what each run runs, and how runs relate.</summary>
public sealed record CronJobSpec
{
    public const int DefaultHistoryLimit = 10;

    public required string Name { get; init; }

    /// <summary>The schedule as written: a cron expression or an ISO 8601 repeating interval.</summary>
    public required string ScheduleText { get; init; }

    public required ISchedule Schedule { get; init; }

    /// <summary>The IANA id the cron expression is read in.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>What each run launches; its retries and backoff apply to a failed run.</summary>
    public required TaskSpec Task { get; init; }

    public ConcurrencyPolicy ConcurrencyPolicy { get; init; } = ConcurrencyPolicy.Allow;

    /// <summary>A run that has not started this long after it was due is skipped; null waits for ever.</summary>
    public TimeSpan? StartingDeadline { get; init; }

    /// <summary>How many ended runs are kept.</summary>
    public int HistoryLimit { get; init; } = DefaultHistoryLimit;
}
