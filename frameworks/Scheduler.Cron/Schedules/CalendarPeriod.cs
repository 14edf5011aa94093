using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Cron.Schedules;

/// <summary>An ISO 8601 duration, <c>PnYnMnWnDTnHnMnS</c>: calendar years, months and days, then a fixed time.</summary>
public sealed partial record CalendarPeriod(int Years, int Months, int Days, TimeSpan Time)
{
    /// <summary>The period's length when it has no calendar part; null otherwise.</summary>
    public TimeSpan? FixedLength => Years == 0 && Months == 0 && Days == 0 ? Time : null;

    /// <summary>A lower bound of the period in days, for estimating how many fit in a span.</summary>
    public double ShortestDays => Years * 365 + Months * 28 + Days + Time.TotalDays;

    /// <summary>The <paramref name="index"/>-th occurrence after <paramref name="start"/> (the 0th is the start).</summary>
    public DateTimeOffset Occurrence(DateTimeOffset start, long index)
    {
        if (FixedLength is { } length) return start + TimeSpan.FromTicks(length.Ticks * index);
        var months = checked((int)((Years * 12L + Months) * index));
        return start.AddMonths(months).AddDays(Days * (double)index) + TimeSpan.FromTicks(Time.Ticks * index);
    }

    /// <summary>Parses a period; null when it is not one or is zero.</summary>
    public static CalendarPeriod? TryParse(string text)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success || text.Trim() is "P" or "PT" || text.TrimEnd().EndsWith('T')) return null;
        int Whole(string group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        double Fraction(string group) => match.Groups[group].Success ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        try
        {
            var time = TimeSpan.FromHours(Fraction("hours")) + TimeSpan.FromMinutes(Fraction("minutes")) + TimeSpan.FromSeconds(Fraction("seconds"));
            var period = new CalendarPeriod(Whole("years"), Whole("months"), Whole("weeks") * 7 + Whole("days"), time);
            return period.ShortestDays > 0 ? period : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^P(?:(?<years>\d+)Y)?(?:(?<months>\d+)M)?(?:(?<weeks>\d+)W)?(?:(?<days>\d+)D)?(?:T(?:(?<hours>\d+(?:\.\d+)?)H)?(?:(?<minutes>\d+(?:\.\d+)?)M)?(?:(?<seconds>\d+(?:\.\d+)?)S)?)?$")]
    private static partial Regex Pattern();
}
