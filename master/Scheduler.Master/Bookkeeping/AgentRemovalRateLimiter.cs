namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Mesos's <c>--agent_removal_rate_limit</c> (such as <c>1/10mins</c>): at most <paramref name="permits"/> agents
/// are marked unreachable per <paramref name="interval"/>, one every interval / permits, so that a network blip
/// does not take half the cluster's agents out at once. The first removal is never delayed.
/// </summary>
public sealed class AgentRemovalRateLimiter(int permits, TimeSpan interval)
{
    private DateTimeOffset? _nextPermit;

    public int Permits { get; } = permits > 0 ? permits : throw new ArgumentOutOfRangeException(nameof(permits), "must be positive");
    public TimeSpan Interval { get; } = interval > TimeSpan.Zero ? interval : throw new ArgumentOutOfRangeException(nameof(interval), "must be positive");

    /// <summary>Takes a permit if one is free at <paramref name="now"/>.</summary>
    public bool TryAcquire(DateTimeOffset now)
    {
        if (_nextPermit is { } next && now < next) return false;
        _nextPermit = now + Interval / Permits;
        return true;
    }
}
