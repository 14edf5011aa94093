using Scheduler.Master.Allocation;

namespace Scheduler.Fuzzing;

/// <summary>A clock that moves only when the fuzzer moves it, so that a seed replays a run exactly.</summary>
public sealed class FuzzClock : IClock
{
    public DateTimeOffset Now { get; private set; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public void Advance(TimeSpan duration) => Now += duration;
}
