using Scheduler.Agent.StatusUpdates;

namespace Scheduler.Agent.Tests.StatusUpdates;

public sealed class FakeClock : IClock
{
    public DateTimeOffset Now { get; private set; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public void Advance(TimeSpan by) => Now += by;
}
