namespace Scheduler.Master.Bookkeeping;

/// <summary>How the master answered a framework call: accepted (202), done (200) or refused with an HTTP status and a reason.</summary>
public sealed record CallOutcome(int StatusCode, string? Error)
{
    public static readonly CallOutcome Accepted = new(202, null);

    /// <summary>The call was carried out before the answer, as Mesos's UPDATE_FRAMEWORK.</summary>
    public static readonly CallOutcome Ok = new(200, null);

    public static CallOutcome BadRequest(string error) => new(400, error);

    public static CallOutcome Forbidden(string error) => new(403, error);

    public bool IsAccepted => Error is null;
}
