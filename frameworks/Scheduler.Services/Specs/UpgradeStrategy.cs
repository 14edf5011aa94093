namespace Scheduler.Services.Specs;

/// <summary>
/// How a new version replaces the old, as in Marathon: at least <see cref="MinimumHealthCapacity"/> × instances stay
/// healthy, and at most (1 + <see cref="MaximumOverCapacity"/>) × instances run at once.
/// </summary>
public sealed record UpgradeStrategy
{
    public double MinimumHealthCapacity { get; init; } = 1;

    public double MaximumOverCapacity { get; init; } = 1;

    /// <summary>The fewest healthy instances, old and new together, during a deployment.</summary>
    public int MinimumHealthy(int instances) => (int)Math.Ceiling(Math.Round(instances * MinimumHealthCapacity, 9));

    /// <summary>The most instances, old and new, running or starting or being killed, during a deployment.</summary>
    public int MaximumTotal(int instances) => (int)Math.Floor(Math.Round(instances * (1 + MaximumOverCapacity), 9));
}
