namespace Scheduler.Cron.Runs;

public enum RunPhase
{
    /// <summary>Due and waiting for an offer, or for the backoff after a failed attempt.</summary>
    Pending,
    Staging,
    Running,
    Finished,

    /// <summary>Its last attempt failed with no retries left.</summary>
    Failed,

    /// <summary>Killed by a newer run (<c>Replace</c>), a timeout-free kill, or the job's removal.</summary>
    Killed,

    /// <summary>Never started: the previous run was still active (<c>Forbid</c>) or its starting deadline passed.</summary>
    Skipped,
}
