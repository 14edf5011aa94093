using Scheduler.Master.Allocation;

namespace Scheduler.Master.Tests.Allocation;

/// <summary>A clock that only moves when a test moves it.</summary>
public sealed class ManualClock(DateTimeOffset start) : IClock
{
    public ManualClock()
        : this(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public DateTimeOffset Now { get; private set; } = start;

    public void Advance(TimeSpan duration) => Now += duration;
}
