namespace Scheduler.Cli.Simulation;

/// <summary>A framework of the simulation: its subscription and how many of its tasks run.</summary>
public sealed class SimulatedFramework(string id, string streamId)
{
    public string Id { get; } = id;

    public string StreamId { get; } = streamId;

    public int RunningTasks { get; set; }

    public long NextTaskNumber { get; set; }

    public bool EverOffered { get; set; }
}
