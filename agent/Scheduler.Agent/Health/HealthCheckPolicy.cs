using Scheduler.Protocol.V1;

namespace Scheduler.Agent.Health;

/// <summary>When to health check a task and how to read the results; Mesos's defaults where the task says nothing.</summary>
public sealed record HealthCheckPolicy
{
    public static readonly HealthCheckPolicy Defaults = new();

    /// <summary>From the task's launch to its first check.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>From the end of one check to the start of the next.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one check may take before it counts as failed; null waits forever.</summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Failures in a row after which the task is killed.</summary>
    public uint ConsecutiveFailures { get; init; } = 3;

    /// <summary>From the task's launch, failures are ignored until the first success or the end of this period.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The task's settings; a timeout of zero means none, as in Mesos.</summary>
    public static HealthCheckPolicy From(HealthCheck check) => new()
    {
        Delay = Seconds(check.DelaySeconds),
        Interval = Seconds(check.IntervalSeconds),
        Timeout = check.TimeoutSeconds > 0 ? Seconds(check.TimeoutSeconds) : null,
        ConsecutiveFailures = check.ConsecutiveFailures,
        GracePeriod = Seconds(check.GracePeriodSeconds),
    };

    private static TimeSpan Seconds(double seconds) =>
        double.IsFinite(seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
}
