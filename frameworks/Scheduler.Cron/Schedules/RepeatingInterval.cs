using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Cron.Schedules;

/// <summary>
/// An ISO 8601 repeating interval, <c>R[n]/start/period</c> as Chronos takes it: due at the start and every period
/// after it, <c>n</c> times in all, or for ever without <c>n</c>. A start without an offset is UTC. The period is
/// <c>PnYnMnWnDTnHnMnS</c>; years, months and days are calendar steps, the rest fixed durations.
/// </summary>
public sealed partial class RepeatingInterval : ISchedule
{
    private RepeatingInterval(int? repetitions, DateTimeOffset start, CalendarPeriod period)
    {
        Repetitions = repetitions;
        Start = start;
        Period = period;
    }

    /// <summary>How many times it is due in all; null for ever.</summary>
    public int? Repetitions { get; }

    public DateTimeOffset Start { get; }

    public CalendarPeriod Period { get; }

    public static bool LooksLikeOne(string text) => text.TrimStart().StartsWith('R');

    /// <summary>Parses the interval; null with the reason when it is not one.</summary>
    public static RepeatingInterval? TryParse(string text, out string? error)
    {
        error = null;
        var parts = text.Trim().Split('/');
        if (parts.Length != 3)
        {
            error = "must be R[n]/<start>/<period>, e.g. R/2026-01-01T00:00:00Z/PT1M";
            return null;
        }
        int? repetitions = null;
        if (parts[0].Length > 1)
        {
            if (!parts[0].StartsWith('R') || !int.TryParse(parts[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                error = $"'{parts[0]}' must be R for ever or Rn with n a positive whole number";
                return null;
            }
            repetitions = count;
        }
        else if (parts[0] != "R")
        {
            error = $"'{parts[0]}' must be R or Rn";
            return null;
        }
        if (!DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start) || !StartPattern().IsMatch(parts[1]))
        {
            error = $"the start '{parts[1]}' must be an ISO 8601 date and time such as 2026-01-01T00:00:00Z";
            return null;
        }
        if (CalendarPeriod.TryParse(parts[2]) is not { } period)
        {
            error = $"the period '{parts[2]}' must be an ISO 8601 duration such as PT1M, PT30S, P1D or P1M, and not zero";
            return null;
        }
        return new RepeatingInterval(repetitions, start, period);
    }

    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        if (after < Start) return Start;
        long index;
        if (Period.FixedLength is { } length)
            index = (after - Start).Ticks / length.Ticks + 1;
        else
        {   // Calendar steps vary in length: estimate from the shortest month, then walk.
            index = Math.Max(1, (long)((after - Start).TotalDays / Period.ShortestDays) - 1);
            while (Period.Occurrence(Start, index) is var previous && previous > after && index > 1) index--;
            while (Period.Occurrence(Start, index) <= after) index++;
        }
        if (Repetitions is { } count && index >= count) return null;
        return Period.Occurrence(Start, index);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex StartPattern();
}
