namespace Scheduler.Cron.Schedules;

/// <summary>When a cron job is due.</summary>
public interface ISchedule
{
    /// <summary>The first time strictly after <paramref name="after"/> the job is due; null when it never is again.</summary>
    DateTimeOffset? NextAfter(DateTimeOffset after);
}
