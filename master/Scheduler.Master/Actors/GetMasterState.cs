namespace Scheduler.Master.Actors;

/// <summary>Ask for the master's state as Mesos's /master/state JSON. Answered with a string.</summary>
public sealed record GetMasterState
{
    public static readonly GetMasterState Instance = new();
}
