using Scheduler.Master.Allocation;

namespace Scheduler.Benchmarks;

/// <summary>A clock that moves only when told, so refusal filters age by simulated cycles.</summary>
public sealed class SteppingClock : IClock
{
    public DateTimeOffset Now { get; private set; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public void Step(TimeSpan duration) => Now += duration;
}
