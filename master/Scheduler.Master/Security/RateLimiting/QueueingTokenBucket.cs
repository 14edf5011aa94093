namespace Scheduler.Master.Security.RateLimiting;

/// <summary>
/// A token bucket whose callers wait for a token, in order, instead of being refused, as Mesos's rate limiter makes a
/// principal's messages wait: the bucket holds <see cref="TokenLimit"/> tokens and refills at <see cref="Qps"/>; a
/// caller that finds it empty, or others already waiting, waits its turn while fewer than <see cref="QueueLimit"/>
/// wait, and only beyond that is refused. Time comes from a <see cref="TimeProvider"/>, so tests can move it.
/// </summary>
public sealed class QueueingTokenBucket : IDisposable
{
    // Refills computed in floating point may fall a hair short of a whole token at the very time it is due.
    private const double Tolerance = 1e-9;

    private readonly TimeProvider _time;
    private readonly object _lock = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private readonly ITimer _timer;
    private double _tokens;
    private long _refilledAt;
    private bool _disposed;

    public QueueingTokenBucket(double qps, int tokenLimit, int queueLimit, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokenLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        Qps = qps;
        TokenLimit = tokenLimit;
        QueueLimit = queueLimit;
        _time = time;
        _tokens = tokenLimit;
        _refilledAt = time.GetTimestamp();
        _timer = time.CreateTimer(_ => ServeWaiting(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public double Qps { get; }

    public int TokenLimit { get; }

    /// <summary>How many callers may wait for a token at once.</summary>
    public int QueueLimit { get; }

    public int Waiting
    {
        get { lock (_lock) return _waiting.Count; }
    }

    /// <summary>
    /// Completes with null once the caller has its token, at once or after waiting its turn; or at once with how long
    /// until the callers already waiting have had theirs, when <see cref="QueueLimit"/> callers wait already.
    /// A cancelled wait leaves the queue and ends with <see cref="OperationCanceledException"/>; callers still waiting
    /// when the bucket is disposed are refused.
    /// </summary>
    public Task<TimeSpan?> AcquireAsync(CancellationToken cancellation = default)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            RefillAndServeWaiting();
            if (_waiting.Count == 0 && _tokens >= 1 - Tolerance)
            {
                _tokens = Math.Max(0, _tokens - 1);
                return Task.FromResult<TimeSpan?>(null);
            }
            if (_waiting.Count >= QueueLimit)
                return Task.FromResult<TimeSpan?>(TimeUntilTokens(_waiting.Count + 1));
            if (cancellation.IsCancellationRequested) return Task.FromCanceled<TimeSpan?>(cancellation);
            var waiter = new Waiter();
            var node = _waiting.AddLast(waiter);
            waiter.Cancellation = cancellation.Register(() => Cancel(node, cancellation));
            if (_waiting.Count == 1) ScheduleNextToken();
            return waiter.Completion.Task;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _timer.Dispose();
            foreach (var waiter in _waiting)
            {
                waiter.Cancellation.Unregister();
                waiter.Completion.TrySetResult(TimeSpan.FromSeconds(1));
            }
            _waiting.Clear();
        }
    }

    private void ServeWaiting()
    {
        lock (_lock)
        {
            if (_disposed) return;
            RefillAndServeWaiting();
            if (_waiting.Count > 0) ScheduleNextToken();
        }
    }

    /// <summary>
    /// Adds the tokens due since the last refill and hands them to the callers waiting, in order, before capping the
    /// rest at <see cref="TokenLimit"/>: tokens due while callers waited are theirs even when the timer comes late.
    /// </summary>
    private void RefillAndServeWaiting()
    {
        var now = _time.GetTimestamp();
        _tokens += _time.GetElapsedTime(_refilledAt, now).TotalSeconds * Qps;
        _refilledAt = now;
        while (_waiting.First is { } first && _tokens >= 1 - Tolerance)
        {
            _tokens = Math.Max(0, _tokens - 1);
            _waiting.RemoveFirst();
            // Unregister, not Dispose: Dispose would wait for a cancellation running now, which waits for this lock.
            first.Value.Cancellation.Unregister();
            first.Value.Completion.TrySetResult(null);
        }
        _tokens = Math.Min(TokenLimit, _tokens);
    }

    private void Cancel(LinkedListNode<Waiter> node, CancellationToken cancellation)
    {
        lock (_lock)
        {
            if (node.List is null) return;
            _waiting.Remove(node);
        }
        node.Value.Completion.TrySetCanceled(cancellation);
    }

    private void ScheduleNextToken() => _timer.Change(TimeUntilTokens(1), Timeout.InfiniteTimeSpan);

    private TimeSpan TimeUntilTokens(int count) =>
        TimeSpan.FromSeconds(Math.Max(0, count - _tokens) / Qps) is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.FromTicks(1);

    private sealed class Waiter
    {
        public TaskCompletionSource<TimeSpan?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Cancellation { get; set; }
    }
}
