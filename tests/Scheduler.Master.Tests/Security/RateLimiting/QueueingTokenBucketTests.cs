using Microsoft.Extensions.Time.Testing;
using Scheduler.Master.Security.RateLimiting;

namespace Scheduler.Master.Tests.Security.RateLimiting;

[TestFixture]
public sealed class QueueingTokenBucketTests
{
    private readonly FakeTimeProvider _time = new();

    [Test]
    public void Callers_beyond_the_tokens_wait_and_get_theirs_in_order_as_tokens_come_back()
    {
        using var bucket = new QueueingTokenBucket(qps: 2, tokenLimit: 2, queueLimit: 3, _time);
        Assert.That(bucket.AcquireAsync().Result, Is.Null);
        Assert.That(bucket.AcquireAsync().Result, Is.Null);

        var waiting = Enumerable.Range(0, 3).Select(_ => bucket.AcquireAsync()).ToList();
        Assert.That(waiting.Select(w => w.IsCompleted), Is.All.False);
        Assert.That(bucket.Waiting, Is.EqualTo(3));

        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.That(waiting.Select(w => w.IsCompleted), Is.All.False, "no token yet");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(waiting.Select(w => w.IsCompleted), Is.EqualTo(new[] { true, false, false }));
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.That(waiting.Select(w => w.IsCompleted), Is.EqualTo(new[] { true, true, false }));
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.That(waiting.Select(w => w.IsCompleted), Is.All.True);
        Assert.That(waiting.Select(w => w.Result), Is.All.Null, "all granted");
        Assert.That(bucket.Waiting, Is.Zero);
    }

    [Test]
    public void A_caller_beyond_the_queue_limit_is_refused_at_once_with_the_time_the_waiting_calls_need()
    {
        using var bucket = new QueueingTokenBucket(qps: 2, tokenLimit: 2, queueLimit: 3, _time);
        for (var i = 0; i < 2; i++) _ = bucket.AcquireAsync();
        var waiting = Enumerable.Range(0, 3).Select(_ => bucket.AcquireAsync()).ToList();

        var refused = bucket.AcquireAsync();

        Assert.That(refused.IsCompleted, Is.True);
        Assert.That(refused.Result, Is.EqualTo(TimeSpan.FromSeconds(2)), "three waiting and this one, at 2 a second");
        Assert.That(bucket.Waiting, Is.EqualTo(3));
        Assert.That(waiting.Select(w => w.IsCompleted), Is.All.False, "the refusal takes no one's place");
    }

    [Test]
    public void A_new_caller_does_not_overtake_those_waiting_even_when_a_token_is_due()
    {
        using var bucket = new QueueingTokenBucket(qps: 1, tokenLimit: 1, queueLimit: 5, _time);
        _ = bucket.AcquireAsync();
        var first = bucket.AcquireAsync();
        _time.Advance(TimeSpan.FromMilliseconds(900));

        var second = bucket.AcquireAsync();
        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.That(first.IsCompleted, Is.True);
        Assert.That(second.IsCompleted, Is.False);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(second.IsCompleted, Is.True);
    }

    [Test]
    public void Tokens_due_while_callers_waited_are_theirs_even_when_the_timer_comes_late()
    {
        using var bucket = new QueueingTokenBucket(qps: 2, tokenLimit: 1, queueLimit: 5, _time);
        _ = bucket.AcquireAsync();
        var waiting = Enumerable.Range(0, 3).Select(_ => bucket.AcquireAsync()).ToList();

        _time.Advance(TimeSpan.FromSeconds(1.5));

        Assert.That(waiting.Select(w => w.IsCompleted), Is.All.True);
        Assert.That(bucket.AcquireAsync().IsCompleted, Is.False, "none left over beyond those due");
    }

    [Test]
    public void Tokens_pile_up_only_to_the_limit()
    {
        using var bucket = new QueueingTokenBucket(qps: 10, tokenLimit: 3, queueLimit: 0, _time);
        for (var i = 0; i < 3; i++) _ = bucket.AcquireAsync();
        _time.Advance(TimeSpan.FromMinutes(10));

        var answers = Enumerable.Range(0, 4).Select(_ => bucket.AcquireAsync().Result).ToList();

        Assert.That(answers.Take(3), Is.All.Null);
        Assert.That(answers[3], Is.EqualTo(TimeSpan.FromMilliseconds(100)));
    }

    [Test]
    public void A_cancelled_wait_leaves_the_queue_and_frees_its_place()
    {
        using var bucket = new QueueingTokenBucket(qps: 1, tokenLimit: 1, queueLimit: 2, _time);
        _ = bucket.AcquireAsync();
        using var gaveUp = new CancellationTokenSource();
        var first = bucket.AcquireAsync(gaveUp.Token);
        var second = bucket.AcquireAsync();

        gaveUp.Cancel();

        Assert.That(first.IsCanceled, Is.True);
        Assert.That(bucket.Waiting, Is.EqualTo(1));
        var third = bucket.AcquireAsync();
        Assert.That(third.IsCompleted, Is.False, "waits in the place the cancelled call left");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(second.IsCompleted && !third.IsCompleted, Is.True, "the token went to the next one waiting");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(third.IsCompleted, Is.True);
        Assert.That(third.Result, Is.Null);
    }

    [Test]
    public void Callers_still_waiting_when_the_bucket_is_disposed_are_refused()
    {
        var bucket = new QueueingTokenBucket(qps: 1, tokenLimit: 1, queueLimit: 2, _time);
        _ = bucket.AcquireAsync();
        var waiting = bucket.AcquireAsync();

        bucket.Dispose();

        Assert.That(waiting.IsCompleted, Is.True);
        Assert.That(waiting.Result, Is.Not.Null);
    }
}
