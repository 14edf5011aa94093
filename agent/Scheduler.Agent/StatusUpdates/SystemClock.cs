namespace Scheduler.Agent.StatusUpdates;

public sealed class SystemClock : IClock
{
    public static readonly SystemClock Instance = new();

    public DateTimeOffset Now => DateTimeOffset.UtcNow;
}
