using Scheduler.Agent.Docker;
using Scheduler.Agent.Tests.StatusUpdates;

namespace Scheduler.Agent.Tests.Docker;

public sealed class ProgressThrottleTests
{
    private readonly FakeClock clock = new();

    [Test]
    public void TheFirstReportPassesAndLaterOnesOnlyOncePerInterval()
    {
        var throttle = new ProgressThrottle(clock, TimeSpan.FromSeconds(2));

        Assert.That(throttle.TryPass("a"), Is.True);
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.That(throttle.TryPass("b"), Is.False);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(throttle.TryPass("c"), Is.True);
        Assert.That(throttle.TryPass("d"), Is.False);
    }

    [Test]
    public void AReportSayingNothingNewIsHeldBackEvenAfterTheInterval()
    {
        var throttle = new ProgressThrottle(clock, TimeSpan.FromSeconds(2));

        Assert.That(throttle.TryPass("same"), Is.True);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.That(throttle.TryPass("same"), Is.False);
        Assert.That(throttle.TryPass("new"), Is.True);
    }
}
