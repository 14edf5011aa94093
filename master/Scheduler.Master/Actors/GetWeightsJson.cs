namespace Scheduler.Master.Actors;

/// <summary>Ask for the roles' weights as Mesos's <c>GET /weights</c> JSON. Answered with a string.</summary>
public sealed record GetWeightsJson
{
    public static readonly GetWeightsJson Instance = new();
}
