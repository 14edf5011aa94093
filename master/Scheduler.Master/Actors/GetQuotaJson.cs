namespace Scheduler.Master.Actors;

/// <summary>Ask for the roles' quotas as Mesos's <c>GET /quota</c> JSON. Answered with a string.</summary>
public sealed record GetQuotaJson
{
    public static readonly GetQuotaJson Instance = new();
}
