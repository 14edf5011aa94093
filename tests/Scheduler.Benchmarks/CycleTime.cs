namespace Scheduler.Benchmarks;

/// <summary>How long a piece of work took on the wall clock and in processor time.</summary>
public readonly record struct CycleTime(TimeSpan Wall, TimeSpan Processor)
{
    public static CycleTime operator +(CycleTime left, CycleTime right) =>
        new(left.Wall + right.Wall, left.Processor + right.Processor);

    /// <summary>The median wall-clock and the median processor milliseconds, each taken on its own.</summary>
    public static (double WallMs, double ProcessorMs) Medians(IReadOnlyCollection<CycleTime> times) =>
        (Median(times.Select(time => time.Wall)), Median(times.Select(time => time.Processor)));

    private static double Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Select(value => value.TotalMilliseconds).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }
}
