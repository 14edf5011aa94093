using Scheduler.Framework.Hosting;

namespace Scheduler.Framework.Tests.Hosting;

[TestFixture]
public sealed class SqliteTimestampsTests
{
    [Test]
    public void An_instant_is_written_in_utc_and_read_back_as_the_same_instant()
    {
        var local = new DateTimeOffset(2024, 5, 1, 14, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234567);

        var text = SqliteTimestamps.Text(local);

        Assert.That(text, Is.EqualTo("2024-05-01T12:30:15.1234567+00:00"));
        Assert.That(SqliteTimestamps.Time(text), Is.EqualTo(local));
        Assert.That(SqliteTimestamps.Time(text).Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void No_instant_is_no_text()
    {
        Assert.That(SqliteTimestamps.Text((DateTimeOffset?)null), Is.Null);
    }
}
