namespace Scheduler.Master.Allocation;

/// <summary>The wall clock, in UTC.</summary>
public sealed class SystemClock : IClock
{
    private SystemClock()
    {
    }

    public static SystemClock Instance { get; } = new();

    public DateTimeOffset Now => DateTimeOffset.UtcNow;
}
