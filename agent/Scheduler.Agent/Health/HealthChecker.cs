using Scheduler.Agent.StatusUpdates;

namespace Scheduler.Agent.Health;

/// <summary>
/// The health of one task as Mesos's health checker judges it: the first check after the delay, the next one an
/// interval after each result; failures ignored within the grace period until the first success; every failure
/// reported as unhealthy, with a kill once they reach the consecutive-failure limit; a success reported only
/// when it is the first or follows failures.
/// </summary>
public sealed class HealthChecker
{
    private readonly HealthCheckPolicy _policy;
    private readonly IClock _clock;
    private readonly DateTimeOffset _started;
    private bool _initializing = true;

    public HealthChecker(HealthCheckPolicy policy, IClock clock)
    {
        _policy = policy;
        _clock = clock;
        _started = clock.Now;
        NextCheckAt = _started + policy.Delay;
    }

    public DateTimeOffset NextCheckAt { get; private set; }

    public TimeSpan UntilNextCheck => NextCheckAt > _clock.Now ? NextCheckAt - _clock.Now : TimeSpan.Zero;

    public int ConsecutiveFailures { get; private set; }

    /// <summary>Takes in one check's result; returns what to report, or null when there is nothing new to say.</summary>
    public TaskHealthChange? Record(HealthCheckResult result)
    {
        var now = _clock.Now;
        NextCheckAt = now + _policy.Interval;
        if (result.Succeeded)
        {
            var turnedHealthy = _initializing || ConsecutiveFailures > 0;
            _initializing = false;
            ConsecutiveFailures = 0;
            return turnedHealthy ? new TaskHealthChange(true, 0, false, null) : null;
        }

        if (_initializing && _policy.GracePeriod > TimeSpan.Zero && now - _started <= _policy.GracePeriod)
            return null;
        ConsecutiveFailures++;
        return new TaskHealthChange(false, ConsecutiveFailures, ConsecutiveFailures >= _policy.ConsecutiveFailures, result.Failure);
    }
}
