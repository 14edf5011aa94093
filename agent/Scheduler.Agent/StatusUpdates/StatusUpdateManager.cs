namespace Scheduler.Agent.StatusUpdates;

/// <summary>
/// Reliable, ordered delivery of task status updates, after the Mesos agent's status update manager: one
/// <see cref="StatusUpdateStream{TUpdate}"/> per task key. The caller sends what the methods return and
/// reports acknowledgements back; nothing here sends or schedules by itself.
/// </summary>
public sealed class StatusUpdateManager<TKey, TUpdate> where TKey : notnull where TUpdate : class
{
    private readonly IClock clock;
    private readonly Func<TUpdate, TKey> keyOf;
    private readonly Func<TUpdate, Guid> uuidOf;
    private readonly Func<TUpdate, bool> isTerminal;
    private readonly StatusUpdateRetryPolicy retryPolicy;
    private readonly Dictionary<TKey, StatusUpdateStream<TUpdate>> streams = new();
    private readonly HashSet<TKey> closed = new();

    public StatusUpdateManager(
        IClock clock,
        Func<TUpdate, TKey> keyOf,
        Func<TUpdate, Guid> uuidOf,
        Func<TUpdate, bool> isTerminal,
        StatusUpdateRetryPolicy? retryPolicy = null)
    {
        this.clock = clock;
        this.keyOf = keyOf;
        this.uuidOf = uuidOf;
        this.isTerminal = isTerminal;
        this.retryPolicy = retryPolicy ?? StatusUpdateRetryPolicy.Default;
    }

    public int StreamCount => streams.Count;

    /// <summary>Queues an update; true when it must be sent now (it is the only one outstanding for its task).
    /// Duplicates, and updates after a task's terminal one, are ignored.</summary>
    public bool Enqueue(TUpdate update)
    {
        var key = keyOf(update);
        if (closed.Contains(key))
            return false;
        if (!streams.TryGetValue(key, out var stream))
        {
            stream = new StatusUpdateStream<TUpdate>(uuidOf, isTerminal, retryPolicy);
            streams[key] = stream;
        }
        return stream.Enqueue(update, clock.Now);
    }

    public StatusUpdateAcknowledgement<TUpdate> Acknowledge(TKey key, Guid uuid)
    {
        if (!streams.TryGetValue(key, out var stream))
            return StatusUpdateAcknowledgement<TUpdate>.Ignored;
        var result = stream.Acknowledge(uuid, clock.Now);
        if (result.StreamClosed)
        {
            streams.Remove(key);
            closed.Add(key);
        }
        return result;
    }

    /// <summary>Outstanding updates whose retry time has come; each one's next retry is backed off.</summary>
    public IReadOnlyList<TUpdate> DueForRetry()
    {
        var now = clock.Now;
        var due = new List<TUpdate>();
        foreach (var stream in streams.Values)
        {
            if (stream.TakeDueRetry(now) is { } update)
                due.Add(update);
        }
        return due;
    }

    /// <summary>When the earliest outstanding update is due for retry, to arm a timer; null when none is outstanding.</summary>
    public DateTimeOffset? NextRetryAt =>
        streams.Values.Select(stream => stream.NextRetryAt).Where(at => at.HasValue).Min();

    /// <summary>Every task's outstanding update, to resend all at once (e.g. after re-registering); restarts their backoff.</summary>
    public IReadOnlyList<TUpdate> ResendAll()
    {
        var now = clock.Now;
        var outstanding = new List<TUpdate>();
        foreach (var stream in streams.Values)
        {
            if (stream.Outstanding is { } update)
            {
                outstanding.Add(update);
                stream.RestartRetryTimer(now);
            }
        }
        return outstanding;
    }

    public StatusUpdateStream<TUpdate>? Stream(TKey key) => streams.GetValueOrDefault(key);

    public bool IsClosed(TKey key) => closed.Contains(key);

    /// <summary>Forgets streams (open or closed), e.g. all of a removed framework's tasks; returns how many open ones were dropped.</summary>
    public int Remove(Func<TKey, bool> predicate)
    {
        closed.RemoveWhere(key => predicate(key));
        var doomed = streams.Keys.Where(predicate).ToList();
        foreach (var key in doomed)
            streams.Remove(key);
        return doomed.Count;
    }
}
