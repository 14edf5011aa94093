namespace Scheduler.Master.Security.RateLimiting;

/// <summary>Whether a call may go on; if not, when to try again and why not.</summary>
public sealed record RateLimitDecision(bool IsAllowed, TimeSpan RetryAfter, string Reason)
{
    public static readonly RateLimitDecision Allowed = new(true, TimeSpan.Zero, "");

    /// <summary>Whole seconds for a <c>Retry-After</c> header, rounded up, at least 1.</summary>
    public long RetryAfterSeconds => Math.Max(1, (long)Math.Ceiling(RetryAfter.TotalSeconds));
}
