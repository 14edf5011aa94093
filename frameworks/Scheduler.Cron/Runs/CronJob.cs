using Scheduler.Cron.Specs;

namespace Scheduler.Cron.Runs;

/// <summary>A cron job in the book: its spec, when it is next due, and its runs, oldest first.</summary>
public sealed class CronJob(CronJobSpec spec, string source, DateTimeOffset createdAt)
{
    public CronJobSpec Spec { get; set; } = spec;

    /// <summary>The file as submitted; the store keeps it and parses it again on load.</summary>
    public string Source { get; set; } = source;

    /// <summary>Part of every task id, so a job removed and added again never reuses one.</summary>
    public DateTimeOffset CreatedAt { get; } = createdAt;

    public string Name => Spec.Name;

    /// <summary>Null when the schedule has no more times (a finished <c>Rn</c> interval).</summary>
    public DateTimeOffset? NextDue { get; set; }

    /// <summary>The number of the latest run, kept when older runs leave the history.</summary>
    public int LastNumber { get; set; }

    public List<CronRun> Runs { get; } = [];

    public IEnumerable<CronRun> ActiveRuns => Runs.Where(run => run.IsActive);
}
