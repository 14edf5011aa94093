namespace Scheduler.Master.Actors;

/// <summary>Ask for the master's roles as Mesos's /master/roles JSON. Answered with a string.</summary>
public sealed record GetMasterRoles
{
    public static readonly GetMasterRoles Instance = new();
}
