using System.Globalization;
using System.Threading.RateLimiting;

namespace Scheduler.Master.Security.RateLimiting;

/// <summary>
/// Token buckets per principal after Mesos's <c>--rate_limits</c>: each listed principal has its own bucket (or none,
/// when it has no qps), and all other principals, and calls without a principal, share the aggregate default's.
/// A bucket holds <c>capacity</c> calls (one second's worth when unset) and refills at <c>qps</c>; a call finding
/// it empty is refused at once rather than queued.
/// </summary>
public sealed class PrincipalRateLimiter : IDisposable
{
    private readonly Dictionary<string, Bucket?> _named = new(StringComparer.Ordinal);
    private readonly Bucket? _aggregate;

    public PrincipalRateLimiter(RateLimits limits)
    {
        foreach (var limit in limits.Limits)
            _named[limit.Principal] = limit.Qps is { } qps ? Bucket.Create(qps, limit.Capacity) : null;
        _aggregate = limits.AggregateDefaultQps is { } aggregateQps ? Bucket.Create(aggregateQps, limits.AggregateDefaultCapacity) : null;
    }

    public RateLimitDecision TryAcquire(string? principal)
    {
        var named = principal is not null && _named.ContainsKey(principal);
        var bucket = named ? _named[principal!] : _aggregate;
        if (bucket is null) return RateLimitDecision.Allowed;
        using var lease = bucket.Limiter.AttemptAcquire();
        if (lease.IsAcquired) return RateLimitDecision.Allowed;
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1 / bucket.Qps);
        var who = principal is null ? "calls without a principal" : $"principal '{principal}'";
        var limit = named ? "its limit" : "the aggregate default limit";
        return new RateLimitDecision(false, retryAfter,
            $"Rate limit exceeded for {who}: {limit} is {Format(bucket.Qps)} calls per second, bursts of {bucket.Capacity}");
    }

    public void Dispose()
    {
        foreach (var bucket in _named.Values) bucket?.Limiter.Dispose();
        _aggregate?.Limiter.Dispose();
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed record Bucket(TokenBucketRateLimiter Limiter, double Qps, int Capacity)
    {
        // Refills in steps of about a tenth of a second's worth of tokens, so that fast rates need no fast timer.
        public static Bucket Create(double qps, long? capacity)
        {
            var tokenLimit = (int)Math.Min(int.MaxValue, capacity ?? Math.Max(1, (long)Math.Ceiling(qps)));
            var tokensPerPeriod = (int)Math.Clamp(Math.Round(qps / 10), 1, tokenLimit);
            var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = tokenLimit,
                TokensPerPeriod = tokensPerPeriod,
                ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerPeriod / qps),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
            return new Bucket(limiter, qps, tokenLimit);
        }
    }
}
