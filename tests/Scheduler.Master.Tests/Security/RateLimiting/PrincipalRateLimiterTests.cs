using Scheduler.Master.Security.RateLimiting;

namespace Scheduler.Master.Tests.Security.RateLimiting;

[TestFixture]
public sealed class PrincipalRateLimiterTests
{
    // Rates this slow refill nothing while a test runs.
    private static readonly RateLimits Limits = new(
        [new PrincipalRateLimit("alice", 0.01, 3), new PrincipalRateLimit("bob", 0.01, 1), new PrincipalRateLimit("root", null, null)],
        0.01, 2);

    [Test]
    public void A_principal_gets_its_capacity_then_is_refused_with_a_retry_after_and_its_limit()
    {
        using var limiter = new PrincipalRateLimiter(Limits);
        for (var i = 0; i < 3; i++) Assert.That(limiter.TryAcquire("alice").IsAllowed, Is.True, $"call {i}");
        var refused = limiter.TryAcquire("alice");
        Assert.That(refused.IsAllowed, Is.False);
        Assert.That(refused.RetryAfter, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(refused.RetryAfterSeconds, Is.GreaterThanOrEqualTo(1));
        Assert.That(refused.Reason, Is.EqualTo("Rate limit exceeded for principal 'alice': its limit is 0.01 calls per second, bursts of 3"));
    }

    [Test]
    public void Another_principal_is_unaffected()
    {
        using var limiter = new PrincipalRateLimiter(Limits);
        while (limiter.TryAcquire("alice").IsAllowed) { }
        Assert.That(limiter.TryAcquire("bob").IsAllowed, Is.True);
        Assert.That(limiter.TryAcquire("bob").IsAllowed, Is.False);
    }

    [Test]
    public void A_principal_listed_without_qps_is_not_limited()
    {
        using var limiter = new PrincipalRateLimiter(Limits);
        Assert.That(Enumerable.Range(0, 1000).All(_ => limiter.TryAcquire("root").IsAllowed), Is.True);
    }

    [Test]
    public void Unlisted_principals_and_calls_without_one_share_the_aggregate_default()
    {
        using var limiter = new PrincipalRateLimiter(Limits);
        Assert.That(limiter.TryAcquire("carol").IsAllowed, Is.True);
        Assert.That(limiter.TryAcquire(null).IsAllowed, Is.True);
        var refused = limiter.TryAcquire("dave");
        Assert.That(refused.IsAllowed, Is.False);
        Assert.That(refused.Reason, Is.EqualTo("Rate limit exceeded for principal 'dave': the aggregate default limit is 0.01 calls per second, bursts of 2"));
        Assert.That(limiter.TryAcquire(null).Reason, Does.StartWith("Rate limit exceeded for calls without a principal"));
        Assert.That(limiter.TryAcquire("alice").IsAllowed, Is.True);
    }

    [Test]
    public void Without_an_aggregate_default_unlisted_principals_are_not_limited()
    {
        using var limiter = new PrincipalRateLimiter(new RateLimits([new PrincipalRateLimit("alice", 0.01, 1)], null, null));
        Assert.That(Enumerable.Range(0, 100).All(_ => limiter.TryAcquire("carol").IsAllowed && limiter.TryAcquire(null).IsAllowed), Is.True);
    }

    [Test]
    public void Tokens_come_back_at_the_rate()
    {
        using var limiter = new PrincipalRateLimiter(new RateLimits([new PrincipalRateLimit("fast", 50, 1)], null, null));
        Assert.That(limiter.TryAcquire("fast").IsAllowed, Is.True);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!limiter.TryAcquire("fast").IsAllowed)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "no token came back");
            Thread.Yield();
        }
    }
}
