using Microsoft.Extensions.Time.Testing;
using Scheduler.Master.Security.RateLimiting;

namespace Scheduler.Master.Tests.Security.RateLimiting;

[TestFixture]
public sealed class PrincipalRateLimiterTests
{
    private static readonly RateLimits Limits = new(
        [new PrincipalRateLimit("alice", 2, 3), new PrincipalRateLimit("bob", 1, 1), new PrincipalRateLimit("root", null, null)],
        1, 2);

    private readonly FakeTimeProvider _time = new();

    [Test]
    public void A_burst_of_qps_and_capacity_calls_all_go_through_the_later_ones_delayed_and_the_next_is_refused()
    {
        using var limiter = new PrincipalRateLimiter(Limits, _time);
        var calls = Enumerable.Range(0, 5).Select(_ => limiter.AcquireAsync("alice")).ToList();

        Assert.That(calls.Select(c => c.IsCompleted), Is.EqualTo(new[] { true, true, false, false, false }));
        var refused = limiter.AcquireAsync("alice").Result;
        Assert.That(refused.IsAllowed, Is.False);
        Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(refused.RetryAfterSeconds, Is.EqualTo(2));
        Assert.That(refused.Reason, Is.EqualTo(
            "Rate limit exceeded for principal 'alice': its limit is 2 calls per second, and 3 calls (its capacity) are already waiting"));

        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.That(Task.WhenAll(calls).Wait(TimeSpan.FromSeconds(10)), Is.True, "the waiting calls had their tokens");
        Assert.That(calls.Select(c => c.Result.IsAllowed), Is.All.True);
    }

    [Test]
    public void Another_principal_is_unaffected()
    {
        using var limiter = new PrincipalRateLimiter(Limits, _time);
        for (var i = 0; i < 5; i++) _ = limiter.AcquireAsync("alice");
        Assert.That(limiter.AcquireAsync("alice").Result.IsAllowed, Is.False);

        Assert.That(limiter.AcquireAsync("bob").Result.IsAllowed, Is.True);
        var waiting = limiter.AcquireAsync("bob");
        Assert.That(waiting.IsCompleted, Is.False);
        Assert.That(limiter.WaitingCalls("bob"), Is.EqualTo(1));
        Assert.That(limiter.AcquireAsync("bob").Result.IsAllowed, Is.False);
    }

    [Test]
    public void A_principal_listed_without_qps_is_not_limited()
    {
        using var limiter = new PrincipalRateLimiter(Limits, _time);
        Assert.That(Enumerable.Range(0, 1000).All(_ => limiter.AcquireAsync("root").Result.IsAllowed), Is.True);
    }

    [Test]
    public void Unlisted_principals_and_calls_without_one_share_the_aggregate_default()
    {
        using var limiter = new PrincipalRateLimiter(Limits, _time);
        Assert.That(limiter.AcquireAsync("carol").Result.IsAllowed, Is.True);
        var waiting = new[] { limiter.AcquireAsync(null), limiter.AcquireAsync("dave") };
        Assert.That(waiting.Select(w => w.IsCompleted), Is.All.False);
        Assert.That(limiter.WaitingCalls("erin"), Is.EqualTo(2));

        var refused = limiter.AcquireAsync("dave").Result;
        Assert.That(refused.Reason, Is.EqualTo(
            "Rate limit exceeded for principal 'dave': the aggregate default limit is 1 calls per second, and 2 calls (its capacity) are already waiting"));
        Assert.That(limiter.AcquireAsync(null).Result.Reason, Does.StartWith("Rate limit exceeded for calls without a principal"));
        Assert.That(limiter.AcquireAsync("alice").Result.IsAllowed, Is.True);
    }

    [Test]
    public void Without_an_aggregate_default_unlisted_principals_are_not_limited()
    {
        using var limiter = new PrincipalRateLimiter(new RateLimits([new PrincipalRateLimit("alice", 0.01, 1)], null, null), _time);
        Assert.That(Enumerable.Range(0, 100).All(_ => limiter.AcquireAsync("carol").Result.IsAllowed && limiter.AcquireAsync(null).Result.IsAllowed), Is.True);
    }

    [Test]
    public void Without_a_capacity_up_to_the_default_queue_limit_wait()
    {
        using var limiter = new PrincipalRateLimiter(new RateLimits([new PrincipalRateLimit("alice", 1, null)], null, null), _time);
        var calls = Enumerable.Range(0, 1 + PrincipalRateLimiter.DefaultQueueLimit).Select(_ => limiter.AcquireAsync("alice")).ToList();

        Assert.That(calls.Count(c => !c.IsCompleted), Is.EqualTo(PrincipalRateLimiter.DefaultQueueLimit));
        Assert.That(limiter.AcquireAsync("alice").Result.IsAllowed, Is.False);
    }

    [Test]
    public void A_caller_giving_up_while_waiting_ends_its_wait()
    {
        using var limiter = new PrincipalRateLimiter(Limits, _time);
        _ = limiter.AcquireAsync("bob");
        using var gaveUp = new CancellationTokenSource();
        var waiting = limiter.AcquireAsync("bob", gaveUp.Token);

        gaveUp.Cancel();

        Assert.That(() => waiting.GetAwaiter().GetResult(), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(limiter.WaitingCalls("bob"), Is.Zero);
    }
}
