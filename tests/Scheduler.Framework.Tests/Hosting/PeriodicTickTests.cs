using Microsoft.Extensions.Time.Testing;
using Scheduler.Framework.Hosting;

namespace Scheduler.Framework.Tests.Hosting;

[TestFixture]
public sealed class PeriodicTickTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(5);

    [Test]
    public async Task It_ticks_once_an_interval_and_goes_on_after_a_failing_tick()
    {
        var time = new FakeTimeProvider();
        var ticked = new SemaphoreSlim(0);
        var calls = 0;
        var tick = new PeriodicTick("test", TimeSpan.FromSeconds(1), () =>
        {
            var call = Interlocked.Increment(ref calls);
            ticked.Release();
            return call == 1 ? Task.FromException(new InvalidOperationException("the first tick fails")) : Task.CompletedTask;
        }, time);
        await using (tick)
        {
            time.Advance(TimeSpan.FromMilliseconds(999));
            Assert.That(Volatile.Read(ref calls), Is.Zero, "no tick before the interval");

            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.That(await ticked.WaitAsync(WaitLimit), Is.True, "the first tick");
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.That(await ticked.WaitAsync(WaitLimit), Is.True, "a tick after the failed one");
        }

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.That(Volatile.Read(ref calls), Is.EqualTo(2), "no tick once disposed");
    }

    [Test]
    public async Task Disposing_waits_for_the_tick_under_way()
    {
        var time = new FakeTimeProvider();
        var started = new SemaphoreSlim(0);
        var release = new TaskCompletionSource();
        var finished = false;
        var tick = new PeriodicTick("test", TimeSpan.FromSeconds(1), async () =>
        {
            started.Release();
            await release.Task;
            finished = true;
        }, time);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await started.WaitAsync(WaitLimit), Is.True);
        var disposing = tick.DisposeAsync().AsTask();
        Assert.That(disposing.IsCompleted, Is.False, "disposal waits for the running tick");

        release.SetResult();
        await disposing.WaitAsync(WaitLimit);
        Assert.That(finished, Is.True);
    }
}
