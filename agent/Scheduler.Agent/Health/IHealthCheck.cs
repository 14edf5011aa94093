namespace Scheduler.Agent.Health;

/// <summary>One kind of probe of a task (a command, an HTTP GET, a TCP connect), run once per check.</summary>
public interface IHealthCheck
{
    /// <summary>COMMAND, HTTP or TCP, as Mesos names them in its messages.</summary>
    string Kind { get; }

    /// <summary>Probes the task once. Cancellation aborts the probe (and kills what it started) and throws.</summary>
    Task<HealthCheckResult> RunAsync(CancellationToken cancellationToken);
}
