namespace Scheduler.Framework;

/// <summary>Exponential backoff with jitter between resubscription attempts.</summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan initial;
    private readonly TimeSpan max;
    private TimeSpan current;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max)
    {
        this.initial = initial;
        this.max = max;
        current = initial;
    }

    public TimeSpan NextDelay()
    {
        var jittered = current * (0.5 + Random.Shared.NextDouble() / 2);
        current = TimeSpan.FromTicks(Math.Min(current.Ticks * 2, max.Ticks));
        return jittered;
    }

    public void Reset() => current = initial;
}
