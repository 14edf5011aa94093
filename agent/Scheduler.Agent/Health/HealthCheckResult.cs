namespace Scheduler.Agent.Health;

/// <summary>The outcome of one health check: success, or a failure with what went wrong.</summary>
public sealed record HealthCheckResult(bool Succeeded, string? Failure)
{
    public static readonly HealthCheckResult Success = new(true, null);

    public static HealthCheckResult Failed(string failure) => new(false, failure);
}
