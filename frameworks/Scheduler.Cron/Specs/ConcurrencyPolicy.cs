namespace Scheduler.Cron.Specs;

/// <summary>What happens when a run is due while an earlier one is still active (Kubernetes CronJob's names).</summary>
public enum ConcurrencyPolicy
{
    /// <summary>The new run starts alongside.</summary>
    Allow,

    /// <summary>The new run is skipped (Nomad's <c>prohibit_overlap</c>).</summary>
    Forbid,

    /// <summary>The active runs are killed and the new one starts.</summary>
    Replace,
}
