namespace Scheduler.Cli.Simulation;

/// <summary>What a simulation measured. Rates are per simulated second; cycle times are wall-clock.</summary>
public sealed record SimulationReport(
    SimulationSettings Settings,
    long OffersMade,
    long OffersDeclined,
    long TasksLaunched,
    long TasksFinished,
    int FrameworksNeverOffered,
    IReadOnlyList<TimeSpan> CycleTimes,
    TimeSpan SetupTime,
    TimeSpan WallTime,
    long ManagedBytes,
    long WorkingSetBytes)
{
    public double OffersPerSecond => (double)OffersMade / Settings.Seconds;

    public double TasksLaunchedPerSecond => (double)TasksLaunched / Settings.Seconds;

    public TimeSpan MedianCycle => Percentile(0.5);

    public TimeSpan SlowestCycle => CycleTimes.Count == 0 ? TimeSpan.Zero : CycleTimes.Max();

    private TimeSpan Percentile(double fraction)
    {
        if (CycleTimes.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var sorted = CycleTimes.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(sorted.Count * fraction))];
    }
}
