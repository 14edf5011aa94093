namespace Scheduler.Master.Bookkeeping;

/// <summary>A framework's subscription: the stream it got, or why it was refused.</summary>
public sealed record SubscribeOutcome(string? FrameworkId, string? StreamId, string? Error)
{
    public static SubscribeOutcome Refused(string error) => new(null, null, error);

    public bool IsAccepted => Error is null;
}
