namespace Scheduler.Cron.Tests;

/// <summary>A clock that moves only when told to.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;

    public void Set(DateTimeOffset time) => now = time;
}
