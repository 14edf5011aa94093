namespace Scheduler.Master.Actors;

/// <summary>Tells a framework stream to end.</summary>
public sealed record CloseFrameworkStream
{
    public static readonly CloseFrameworkStream Instance = new();
}
