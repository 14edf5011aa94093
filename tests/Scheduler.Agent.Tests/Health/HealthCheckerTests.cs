using Scheduler.Agent.Health;
using Scheduler.Agent.Tests.StatusUpdates;
using Scheduler.Protocol.V1;

namespace Scheduler.Agent.Tests.Health;

/// <summary>The health checker's decisions on a fake clock, after Mesos's HealthCheckTest scenarios.</summary>
[TestFixture]
public sealed class HealthCheckerTests
{
    private static readonly HealthCheckResult Failure = HealthCheckResult.Failed("boom");

    private readonly FakeClock _clock = new();

    [Test]
    public void A_task_without_settings_gets_Mesos_defaults()
    {
        var policy = HealthCheckPolicy.From(new HealthCheck { Type = HealthCheck.Types.Type.Tcp, Tcp = new() { Port = 80 } });

        Assert.That(policy, Is.EqualTo(new HealthCheckPolicy
        {
            Delay = TimeSpan.FromSeconds(15),
            Interval = TimeSpan.FromSeconds(10),
            Timeout = TimeSpan.FromSeconds(20),
            ConsecutiveFailures = 3,
            GracePeriod = TimeSpan.FromSeconds(10),
        }));
        Assert.That(policy, Is.EqualTo(HealthCheckPolicy.Defaults));
    }

    [Test]
    public void A_zero_timeout_means_none()
    {
        var policy = HealthCheckPolicy.From(new HealthCheck { TimeoutSeconds = 0, DelaySeconds = 0.5 });

        Assert.Multiple(() =>
        {
            Assert.That(policy.Timeout, Is.Null);
            Assert.That(policy.Delay, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        });
    }

    [Test]
    public void The_first_check_waits_for_the_delay_and_the_next_one_an_interval_after_each_result()
    {
        var checker = new HealthChecker(HealthCheckPolicy.Defaults, _clock);
        Assert.That(checker.UntilNextCheck, Is.EqualTo(TimeSpan.FromSeconds(15)));

        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.That(checker.UntilNextCheck, Is.EqualTo(TimeSpan.Zero));
        _clock.Advance(TimeSpan.FromSeconds(2)); // the check itself took two seconds
        checker.Record(HealthCheckResult.Success);

        Assert.That(checker.NextCheckAt, Is.EqualTo(_clock.Now + TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void ConsecutiveFailures()
    {
        var checker = new HealthChecker(new HealthCheckPolicy { Delay = TimeSpan.Zero, GracePeriod = TimeSpan.Zero }, _clock);

        var changes = new[] { Failure, Failure, Failure }.Select(result => Check(checker, result)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(changes.Select(c => c?.Healthy), Is.EqualTo(new bool?[] { false, false, false }), "every failure is reported");
            Assert.That(changes.Select(c => c?.ConsecutiveFailures), Is.EqualTo(new int?[] { 1, 2, 3 }));
            Assert.That(changes.Select(c => c?.KillTask), Is.EqualTo(new bool?[] { false, false, true }), "killed at the third");
            Assert.That(changes[0]!.Failure, Is.EqualTo("boom"));
        });
    }

    [Test]
    public void A_success_between_failures_starts_the_count_again()
    {
        var checker = new HealthChecker(new HealthCheckPolicy { Delay = TimeSpan.Zero, GracePeriod = TimeSpan.Zero }, _clock);

        Check(checker, Failure);
        Check(checker, Failure);
        var recovered = Check(checker, HealthCheckResult.Success);
        var again = Check(checker, Failure);

        Assert.Multiple(() =>
        {
            Assert.That(recovered, Is.EqualTo(new TaskHealthChange(true, 0, false, null)), "healthy again after failures");
            Assert.That(again, Is.EqualTo(new TaskHealthChange(false, 1, false, "boom")));
        });
    }

    [Test]
    public void Only_the_first_success_and_the_first_after_failures_are_reported()
    {
        var checker = new HealthChecker(HealthCheckPolicy.Defaults, _clock);

        var first = Check(checker, HealthCheckResult.Success);
        var second = Check(checker, HealthCheckResult.Success);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new TaskHealthChange(true, 0, false, null)));
            Assert.That(second, Is.Null);
        });
    }

    [Test]
    public void GracePeriod()
    {
        var policy = new HealthCheckPolicy
        {
            Delay = TimeSpan.Zero, Interval = TimeSpan.FromSeconds(1), GracePeriod = TimeSpan.FromSeconds(5), ConsecutiveFailures = 1,
        };
        var checker = new HealthChecker(policy, _clock);

        // Checks at 0, 1, ... 5 s after the launch: the grace period includes its last instant, as in Mesos.
        var withinGrace = Enumerable.Range(0, 6).Select(_ => Check(checker, Failure)).ToList();
        var afterGrace = Check(checker, Failure);

        Assert.Multiple(() =>
        {
            Assert.That(withinGrace, Is.All.Null, "failures within the grace period are ignored");
            Assert.That(checker.ConsecutiveFailures, Is.EqualTo(1));
            Assert.That(afterGrace, Is.EqualTo(new TaskHealthChange(false, 1, true, "boom")));
        });
    }

    [Test]
    public void The_grace_period_ends_with_the_first_success()
    {
        var policy = new HealthCheckPolicy { Delay = TimeSpan.Zero, GracePeriod = TimeSpan.FromMinutes(1), ConsecutiveFailures = 1 };
        var checker = new HealthChecker(policy, _clock);

        Check(checker, HealthCheckResult.Success);
        var failure = checker.Record(Failure);

        Assert.That(failure, Is.EqualTo(new TaskHealthChange(false, 1, true, "boom")));
    }

    /// <summary>Advances the clock to the next check and records its result.</summary>
    private TaskHealthChange? Check(HealthChecker checker, HealthCheckResult result)
    {
        _clock.Advance(checker.UntilNextCheck);
        return checker.Record(result);
    }
}
