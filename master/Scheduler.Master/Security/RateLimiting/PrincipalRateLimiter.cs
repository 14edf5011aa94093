using System.Globalization;

namespace Scheduler.Master.Security.RateLimiting;

/// <summary>
/// Token buckets per principal after Mesos's <c>--rate_limits</c>: each listed principal has its own bucket (or none,
/// when it has no qps), and all other principals, and calls without a principal, share the aggregate default's.
/// A bucket holds one second's worth of calls (⌈qps⌉) and refills at <c>qps</c>; as in Mesos, calls beyond that wait
/// their turn, up to <c>capacity</c> of them (<see cref="DefaultQueueLimit"/> when unset), and only calls beyond those
/// are refused.
/// </summary>
public sealed class PrincipalRateLimiter : IDisposable
{
    /// <summary>
    /// How many calls may wait in one bucket without a <c>capacity</c>. Mesos leaves that queue unbounded; each
    /// waiting call here holds its connection and the unread part of its body, so memory gets a bound.
    /// </summary>
    public const int DefaultQueueLimit = 1000;

    private readonly Dictionary<string, QueueingTokenBucket?> _named = new(StringComparer.Ordinal);
    private readonly QueueingTokenBucket? _aggregate;

    public PrincipalRateLimiter(RateLimits limits, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        foreach (var limit in limits.Limits)
            _named[limit.Principal] = limit.Qps is { } qps ? CreateBucket(qps, limit.Capacity, time) : null;
        _aggregate = limits.AggregateDefaultQps is { } aggregateQps ? CreateBucket(aggregateQps, limits.AggregateDefaultCapacity, time) : null;
    }

    /// <summary>
    /// Allowed once the call has its turn, which may take a while; refused at once when the principal's bucket
    /// already has as many calls waiting as it may.
    /// </summary>
    /// <exception cref="OperationCanceledException">The caller gave up while waiting.</exception>
    public async Task<RateLimitDecision> AcquireAsync(string? principal, CancellationToken cancellation = default)
    {
        var named = principal is not null && _named.ContainsKey(principal);
        var bucket = BucketOf(principal);
        if (bucket is null) return RateLimitDecision.Allowed;
        if (await bucket.AcquireAsync(cancellation).ConfigureAwait(false) is not { } retryAfter) return RateLimitDecision.Allowed;
        var who = principal is null ? "calls without a principal" : $"principal '{principal}'";
        var limit = named ? "its limit" : "the aggregate default limit";
        return new RateLimitDecision(false, retryAfter,
            $"Rate limit exceeded for {who}: {limit} is {Format(bucket.Qps)} calls per second, and {bucket.QueueLimit} calls (its capacity) are already waiting");
    }

    /// <summary>How many calls wait in the bucket of this principal (shared with others for the aggregate default).</summary>
    public int WaitingCalls(string? principal) => BucketOf(principal)?.Waiting ?? 0;

    public void Dispose()
    {
        foreach (var bucket in _named.Values) bucket?.Dispose();
        _aggregate?.Dispose();
    }

    private QueueingTokenBucket? BucketOf(string? principal) =>
        principal is not null && _named.TryGetValue(principal, out var bucket) ? bucket : _aggregate;

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static QueueingTokenBucket CreateBucket(double qps, long? capacity, TimeProvider time) =>
        new(qps, (int)Math.Clamp(Math.Ceiling(qps), 1, int.MaxValue), (int)Math.Min(int.MaxValue, capacity ?? DefaultQueueLimit), time);
}
