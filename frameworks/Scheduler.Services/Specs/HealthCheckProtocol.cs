namespace Scheduler.Services.Specs;

/// <summary>How a health check probes an instance; Marathon's MESOS_HTTP and MESOS_TCP read as HTTP and TCP.</summary>
public enum HealthCheckProtocol
{
    Command,
    Http,
    Tcp,
}
