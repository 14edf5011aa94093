using System.Globalization;

namespace Scheduler.Framework.Hosting;

/// <summary>Instants as SQLite text: ISO 8601 in UTC (<c>2024-05-01T12:00:00.0000000+00:00</c>), read back exactly.</summary>
public static class SqliteTimestamps
{
    public static string Text(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static string? Text(DateTimeOffset? time) => time is { } value ? Text(value) : null;

    public static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
