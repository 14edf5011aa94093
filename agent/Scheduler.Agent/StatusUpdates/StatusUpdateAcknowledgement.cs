namespace Scheduler.Agent.StatusUpdates;

/// <summary>
/// Outcome of an acknowledgement. <see cref="Accepted"/> is false for stale, duplicate or unknown ones, which
/// change nothing. <see cref="Next"/> is the update to send now, if one was waiting behind the acknowledged one.
/// </summary>
public sealed record StatusUpdateAcknowledgement<TUpdate>(bool Accepted, TUpdate? Next, bool StreamClosed)
    where TUpdate : class
{
    public static readonly StatusUpdateAcknowledgement<TUpdate> Ignored = new(false, null, false);
}
