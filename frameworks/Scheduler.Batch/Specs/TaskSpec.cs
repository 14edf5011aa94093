namespace Scheduler.Batch.Specs;

/// <summary>
/// One task of a job as written in its file. An array task (<see cref="Array"/> set) stands for that many
/// instances, each with its index in <c>SCHED_ARRAY_INDEX</c>.
/// </summary>
public sealed record TaskSpec
{
    public required string Name { get; init; }

    /// <summary>A shell command; optional for a Docker image, which then runs its own entrypoint.</summary>
    public string? Command { get; init; }

    public string? Image { get; init; }

    /// <summary>The number of instances of an array task; null for a single task.</summary>
    public int? Array { get; init; }

    public double Cpus { get; init; } = 0.1;

    public double Mem { get; init; } = 32;

    public double Disk { get; init; }

    /// <summary>How many times a failed instance is run again.</summary>
    public int Retries { get; init; }

    /// <summary>The wait before the first retry; it doubles for each later one, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>An attempt running longer than this is killed and counts as failed.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Names of the tasks every instance of which must finish before this one starts.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public int InstanceCount => Array ?? 1;

    /// <summary>The wait after the given number of failed attempts.</summary>
    public TimeSpan BackoffAfter(int failures)
    {
        if (failures <= 0) return TimeSpan.Zero;
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = Backoff.TotalSeconds * factor;
        return TimeSpan.FromSeconds(Math.Min(delay, MaxBackoff.TotalSeconds));
    }
}
