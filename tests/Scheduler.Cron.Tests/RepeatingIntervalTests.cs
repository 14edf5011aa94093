using Scheduler.Cron.Schedules;

namespace Scheduler.Cron.Tests;

[TestFixture]
public sealed class RepeatingIntervalTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static RepeatingInterval Parse(string text)
    {
        var interval = RepeatingInterval.TryParse(text, out var error);
        Assert.That(error, Is.Null);
        return interval!;
    }

    [Test]
    public void An_endless_interval_is_due_at_its_start_and_every_period_after()
    {
        var interval = Parse("R/2026-01-01T00:00:00Z/PT1M");

        Assert.That(interval.Repetitions, Is.Null);
        Assert.That(interval.NextAfter(Utc("2025-12-31T23:00:00Z")), Is.EqualTo(Utc("2026-01-01T00:00:00Z")));
        Assert.That(interval.NextAfter(Utc("2026-01-01T00:00:00Z")), Is.EqualTo(Utc("2026-01-01T00:01:00Z")));
        Assert.That(interval.NextAfter(Utc("2026-03-01T10:17:30Z")), Is.EqualTo(Utc("2026-03-01T10:18:00Z")));
    }

    [Test]
    public void A_counted_interval_is_due_that_many_times()
    {
        var interval = Parse("R3/2026-01-01T00:00:00Z/PT30S");

        Assert.That(interval.NextAfter(Utc("2026-01-01T00:00:00Z")), Is.EqualTo(Utc("2026-01-01T00:00:30Z")));
        Assert.That(interval.NextAfter(Utc("2026-01-01T00:00:30Z")), Is.EqualTo(Utc("2026-01-01T00:01:00Z")));
        Assert.That(interval.NextAfter(Utc("2026-01-01T00:01:00Z")), Is.Null, "the start and two more make three");
    }

    [Test]
    public void A_start_with_an_offset_and_a_compound_period_are_read()
    {
        var interval = Parse("R/2026-01-01T08:00:00+02:00/P1DT12H");

        Assert.That(interval.Start, Is.EqualTo(Utc("2026-01-01T06:00:00Z")));
        Assert.That(interval.NextAfter(Utc("2026-01-01T06:00:00Z")), Is.EqualTo(Utc("2026-01-02T18:00:00Z")));
    }

    [Test]
    public void Months_are_calendar_months()
    {
        var interval = Parse("R/2026-01-31T00:00:00Z/P1M");

        Assert.That(interval.NextAfter(Utc("2026-01-31T00:00:00Z")), Is.EqualTo(Utc("2026-02-28T00:00:00Z")));
        Assert.That(interval.NextAfter(Utc("2026-06-15T00:00:00Z")), Is.EqualTo(Utc("2026-06-30T00:00:00Z")));
        Assert.That(interval.NextAfter(Utc("2030-12-31T00:00:00Z")), Is.EqualTo(Utc("2031-01-31T00:00:00Z")));
    }

    [Test]
    public void Weeks_and_fractional_seconds_are_periods_too()
    {
        Assert.That(CalendarPeriod.TryParse("P2W"), Is.EqualTo(new CalendarPeriod(0, 0, 14, TimeSpan.Zero)));
        Assert.That(CalendarPeriod.TryParse("PT1.5S")!.FixedLength, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
    }

    [TestCase("R/2026-01-01T00:00:00Z", "must be R[n]/<start>/<period>")]
    [TestCase("R0/2026-01-01T00:00:00Z/PT1M", "positive whole number")]
    [TestCase("Rx/2026-01-01T00:00:00Z/PT1M", "positive whole number")]
    [TestCase("R/tomorrow/PT1M", "the start 'tomorrow'")]
    [TestCase("R/2026-01-01T00:00:00Z/1M", "the period '1M'")]
    [TestCase("R/2026-01-01T00:00:00Z/PT0S", "not zero")]
    [TestCase("R/2026-01-01T00:00:00Z/PT", "the period 'PT'")]
    public void A_malformed_interval_is_refused_with_the_reason(string text, string reason)
    {
        Assert.That(RepeatingInterval.TryParse(text, out var error), Is.Null);
        Assert.That(error, Does.Contain(reason));
    }
}
