namespace Scheduler.Services.Specs;

/// <summary>
/// One of an app's health checks in Marathon's names, run by the agent as a Mesos health check. Marathon's
/// defaults; <c>maxConsecutiveFailures</c> 0 never kills.
/// </summary>
public sealed record HealthCheckSpec
{
    public HealthCheckProtocol Protocol { get; init; } = HealthCheckProtocol.Http;

    /// <summary>The shell command of a COMMAND check; exit 0 is healthy.</summary>
    public string? Command { get; init; }

    /// <summary>The path an HTTP check gets.</summary>
    public string Path { get; init; } = "/";

    /// <summary>The port on the task's host that an HTTP or TCP check connects to.</summary>
    public int? Port { get; init; }

    public double GracePeriodSeconds { get; init; } = 300;

    public double IntervalSeconds { get; init; } = 60;

    public double TimeoutSeconds { get; init; } = 20;

    public int MaxConsecutiveFailures { get; init; } = 3;

    /// <summary>From the launch to the first check (Mesos's <c>delay_seconds</c>).</summary>
    public double DelaySeconds { get; init; } = 15;
}
