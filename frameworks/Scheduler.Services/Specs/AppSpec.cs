using Scheduler.Framework.Matching;

namespace Scheduler.Services.Specs;

/// <summary>
/// A long-running app as written in its file, in Marathon's names and with Marathon's defaults: a command or a
/// Docker image, resources per instance, how many instances, health checks, placement constraints, the backoff
/// between relaunches of failed instances, and how a new version replaces the old.
/// </summary>
public sealed record AppSpec
{
    /// <summary>The app's id, without Marathon's leading slash.</summary>
    public required string Id { get; init; }

    /// <summary>A shell command; optional for a Docker image, which then runs its own entrypoint.</summary>
    public string? Cmd { get; init; }

    public string? Image { get; init; }

    public double Cpus { get; init; } = 1;

    public double Mem { get; init; } = 128;

    public double Disk { get; init; }

    public int Instances { get; init; } = 1;

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>At most one: the agent runs one health check per task.</summary>
    public IReadOnlyList<HealthCheckSpec> HealthChecks { get; init; } = [];

    public IReadOnlyList<PlacementConstraint> Constraints { get; init; } = [];

    /// <summary>The wait before relaunching after the first failure.</summary>
    public double BackoffSeconds { get; init; } = 1;

    /// <summary>Each further failure multiplies the wait by this.</summary>
    public double BackoffFactor { get; init; } = 1.15;

    /// <summary>The longest wait between relaunches (Marathon's default since 1.8; 3600 before).</summary>
    public double MaxLaunchDelaySeconds { get; init; } = 300;

    public UpgradeStrategy UpgradeStrategy { get; init; } = new();

    public HealthCheckSpec? HealthCheck => HealthChecks.Count > 0 ? HealthChecks[0] : null;

    /// <summary>The wait before the next launch after <paramref name="failures"/> failures in a row.</summary>
    public TimeSpan BackoffAfter(int failures)
    {
        if (failures <= 0) return TimeSpan.Zero;
        var seconds = BackoffSeconds * Math.Pow(BackoffFactor, Math.Min(failures - 1, 1000));
        return TimeSpan.FromSeconds(double.IsFinite(seconds) ? Math.Min(seconds, MaxLaunchDelaySeconds) : MaxLaunchDelaySeconds);
    }

    /// <summary>Whether the two describe the same instances, whatever their number: if not, a change is a new version.</summary>
    public bool SameConfiguration(AppSpec other) =>
        Id == other.Id && Cmd == other.Cmd && Image == other.Image && Cpus.Equals(other.Cpus) && Mem.Equals(other.Mem) && Disk.Equals(other.Disk) &&
        Env.Count == other.Env.Count && Env.All(pair => other.Env.TryGetValue(pair.Key, out var value) && value == pair.Value) &&
        HealthChecks.SequenceEqual(other.HealthChecks) &&
        Constraints.Select(constraint => constraint.ToString()).SequenceEqual(other.Constraints.Select(constraint => constraint.ToString()));
}
