using Scheduler.Cron.Schedules;

namespace Scheduler.Cron.Tests;

[TestFixture]
public sealed class CronExpressionScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static CronExpressionSchedule Parse(string text, TimeZoneInfo? zone = null)
    {
        var schedule = CronExpressionSchedule.TryParse(text, zone ?? TimeZoneInfo.Utc, out var error);
        Assert.That(error, Is.Null);
        return schedule!;
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public void Five_fields_are_due_every_minute_on_the_minute()
    {
        var schedule = Parse("* * * * *");

        Assert.That(schedule.NextAfter(Utc("2026-01-01T10:00:30Z")), Is.EqualTo(Utc("2026-01-01T10:01:00Z")));
        Assert.That(schedule.NextAfter(Utc("2026-01-01T10:01:00Z")), Is.EqualTo(Utc("2026-01-01T10:02:00Z")), "strictly after");
    }

    [Test]
    public void Six_fields_start_with_seconds()
    {
        var schedule = Parse("*/2 * * * * *");

        Assert.That(schedule.NextAfter(Utc("2026-01-01T10:00:01Z")), Is.EqualTo(Utc("2026-01-01T10:00:02Z")));
        Assert.That(schedule.NextAfter(Utc("2026-01-01T10:00:02Z")), Is.EqualTo(Utc("2026-01-01T10:00:04Z")));
    }

    [Test]
    public void A_time_of_day_is_read_in_the_job_time_zone_through_the_seasons()
    {
        var schedule = Parse("0 9 * * *", TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        Assert.That(schedule.NextAfter(Utc("2026-01-15T00:00:00Z")), Is.EqualTo(Utc("2026-01-15T14:00:00Z")), "EST is UTC-5");
        Assert.That(schedule.NextAfter(Utc("2026-07-15T00:00:00Z")), Is.EqualTo(Utc("2026-07-15T13:00:00Z")), "EDT is UTC-4");
    }

    [Test]
    public void A_time_skipped_by_the_spring_change_runs_once_right_after_it()
    {
        // On 2026-03-29 Berlin's clocks jump from 02:00 CET to 03:00 CEST: 02:30 never happens that day.
        var schedule = Parse("30 2 * * *", Berlin);

        Assert.That(schedule.NextAfter(Utc("2026-03-28T12:00:00Z")), Is.EqualTo(Utc("2026-03-29T01:00:00Z")), "03:00 CEST");
        Assert.That(schedule.NextAfter(Utc("2026-03-29T01:00:00Z")), Is.EqualTo(Utc("2026-03-30T00:30:00Z")), "02:30 CEST the next day");
    }

    [Test]
    public void A_time_repeated_by_the_autumn_change_runs_once()
    {
        // On 2026-10-25 Berlin's clocks go back from 03:00 CEST to 02:00 CET: 02:30 happens twice, the job runs at the first.
        var schedule = Parse("30 2 * * *", Berlin);

        var first = schedule.NextAfter(Utc("2026-10-24T12:00:00Z"));
        Assert.That(first, Is.EqualTo(Utc("2026-10-25T00:30:00Z")), "02:30 CEST");
        Assert.That(schedule.NextAfter(first!.Value), Is.EqualTo(Utc("2026-10-26T01:30:00Z")), "not again at 02:30 CET, but the next day");
    }

    [TestCase("* * * *", "must have 5 fields")]
    [TestCase("* * * * * * *", "must have 5 fields")]
    [TestCase("61 * * * *", "Minutes")]
    public void A_malformed_expression_is_refused_with_the_reason(string text, string reason)
    {
        Assert.That(CronExpressionSchedule.TryParse(text, TimeZoneInfo.Utc, out var error), Is.Null);
        Assert.That(error, Does.Contain(reason));
    }
}
