namespace Scheduler.Master.Actors;

/// <summary>Ask for the master's state as the operator API shapes it. Answered with an <see cref="Operator.OperatorSnapshot"/>.</summary>
public sealed record GetOperatorSnapshot
{
    public static readonly GetOperatorSnapshot Instance = new();
}
