using Cronos;

namespace Scheduler.Cron.Schedules;

/// <summary>
/// A cron expression of 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, read in a
/// time zone: a time skipped by a daylight-saving change runs once just after it, a repeated hour runs once.
/// </summary>
public sealed class CronExpressionSchedule : ISchedule
{
    private readonly CronExpression expression;

    private CronExpressionSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        this.expression = expression;
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Parses the expression; null with the reason when it is not one.</summary>
    public static CronExpressionSchedule? TryParse(string text, TimeZoneInfo zone, out string? error)
    {
        var fields = text.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries).Length;
        error = null;
        if (!text.TrimStart().StartsWith('@') && fields is not (5 or 6))
        {
            error = $"must have 5 fields (minute hour day month weekday) or 6 (seconds first), not {fields}";
            return null;
        }
        try
        {
            return new CronExpressionSchedule(CronExpression.Parse(text.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard), zone);
        }
        catch (CronFormatException e)
        {
            error = e.Message.TrimEnd('.');
            return null;
        }
    }

    public DateTimeOffset? NextAfter(DateTimeOffset after) => expression.GetNextOccurrence(after, Zone);
}
