using NLog;

namespace Scheduler.Agent.StatusUpdates;

/// <summary>
/// The updates of one task, delivered reliably and in order: only the head of the queue is outstanding, and
/// it is retried with backoff until acknowledged. The stream closes when its terminal update is acknowledged.
/// </summary>
public sealed class StatusUpdateStream<TUpdate> where TUpdate : class
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    private readonly Func<TUpdate, Guid> uuidOf;
    private readonly Func<TUpdate, bool> isTerminal;
    private readonly StatusUpdateRetryPolicy retryPolicy;
    private readonly Queue<TUpdate> pending = new();
    private readonly HashSet<Guid> received = new();
    private readonly HashSet<Guid> acknowledged = new();

    public StatusUpdateStream(Func<TUpdate, Guid> uuidOf, Func<TUpdate, bool> isTerminal, StatusUpdateRetryPolicy retryPolicy)
    {
        this.uuidOf = uuidOf;
        this.isTerminal = isTerminal;
        this.retryPolicy = retryPolicy;
    }

    /// <summary>The update sent and awaiting acknowledgement, if any.</summary>
    public TUpdate? Outstanding => pending.Count > 0 ? pending.Peek() : null;

    public IReadOnlyList<TUpdate> Pending => pending.ToList();

    /// <summary>A terminal update has been received; later updates are refused.</summary>
    public bool Terminated { get; private set; }

    /// <summary>The terminal update has been acknowledged; nothing more will happen on this stream.</summary>
    public bool Closed { get; private set; }

    public DateTimeOffset? NextRetryAt { get; private set; }

    public TimeSpan RetryInterval { get; private set; }

    /// <summary>Queues an update; true when it became the outstanding head and must be sent now.</summary>
    public bool Enqueue(TUpdate update, DateTimeOffset now)
    {
        var uuid = uuidOf(update);
        if (Closed || acknowledged.Contains(uuid) || received.Contains(uuid))
        {
            Log.Debug("Ignoring status update {0}: already handled", uuid);
            return false;
        }
        if (Terminated)
        {
            Log.Warn("Ignoring status update {0} received after a terminal update", uuid);
            return false;
        }

        received.Add(uuid);
        pending.Enqueue(update);
        Terminated = isTerminal(update);
        if (pending.Count > 1)
            return false;
        StartRetryTimer(now);
        return true;
    }

    public StatusUpdateAcknowledgement<TUpdate> Acknowledge(Guid uuid, DateTimeOffset now)
    {
        if (Closed || acknowledged.Contains(uuid))
        {
            Log.Debug("Ignoring duplicate acknowledgement {0}", uuid);
            return StatusUpdateAcknowledgement<TUpdate>.Ignored;
        }
        // Happens when both the original and a retry of an update get acknowledged, or for a stale ack.
        if (Outstanding is not { } head || uuidOf(head) != uuid)
        {
            Log.Debug("Ignoring unexpected acknowledgement {0}", uuid);
            return StatusUpdateAcknowledgement<TUpdate>.Ignored;
        }

        pending.Dequeue();
        acknowledged.Add(uuid);
        if (isTerminal(head))
        {
            Closed = true;
            NextRetryAt = null;
            return new StatusUpdateAcknowledgement<TUpdate>(true, null, true);
        }

        var next = Outstanding;
        if (next is null)
            NextRetryAt = null;
        else
            StartRetryTimer(now);
        return new StatusUpdateAcknowledgement<TUpdate>(true, next, false);
    }

    /// <summary>The outstanding update if its retry time has come; backs the next retry off.</summary>
    public TUpdate? TakeDueRetry(DateTimeOffset now)
    {
        if (Outstanding is not { } head || NextRetryAt is not { } due || due > now)
            return null;
        RetryInterval = retryPolicy.After(RetryInterval);
        NextRetryAt = now + RetryInterval;
        return head;
    }

    /// <summary>Restarts the backoff of the outstanding update, e.g. after it was resent on reconnection.</summary>
    public void RestartRetryTimer(DateTimeOffset now)
    {
        if (Outstanding is not null)
            StartRetryTimer(now);
    }

    private void StartRetryTimer(DateTimeOffset now)
    {
        RetryInterval = retryPolicy.InitialInterval;
        NextRetryAt = now + RetryInterval;
    }
}
