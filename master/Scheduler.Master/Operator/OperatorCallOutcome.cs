using Scheduler.Protocol.V1.MasterApi;

namespace Scheduler.Master.Operator;

/// <summary>The master's answer to an operator call it handles itself: a response, an empty 200, or a 400 with the reason.</summary>
public sealed record OperatorCallOutcome(int StatusCode, Response? Response, string? Error)
{
    public static OperatorCallOutcome Answered(Response response) => new(200, response, null);

    public static OperatorCallOutcome Done { get; } = new(200, null, null);

    /// <summary>An empty 202: the change is made and goes on to the agents.</summary>
    public static OperatorCallOutcome Accepted { get; } = new(202, null, null);

    public static OperatorCallOutcome BadRequest(string error) => new(400, null, error);

    /// <summary>A 403: the ACLs do not allow the caller this call.</summary>
    public static OperatorCallOutcome Forbidden(string error) => new(403, null, error);
}
