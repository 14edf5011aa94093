using Scheduler.Master.Allocation;

namespace Scheduler.Cli.Simulation;

/// <summary>Simulated time, moved on by the simulation one step at a time.</summary>
public sealed class SimulatedClock : IClock
{
    public DateTimeOffset Now { get; private set; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public void Advance(TimeSpan duration) => Now += duration;
}
