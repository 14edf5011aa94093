namespace Scheduler.Agent.StatusUpdates;

/// <summary>Exponential backoff for unacknowledged status updates; Mesos retries after 10 s, doubling up to 10 min.</summary>
public sealed record StatusUpdateRetryPolicy(TimeSpan InitialInterval, TimeSpan MaximumInterval)
{
    public static readonly StatusUpdateRetryPolicy Default = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));

    public TimeSpan After(TimeSpan interval) =>
        TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaximumInterval.Ticks));
}
