namespace Scheduler.Resources;

/// <summary>Names of the resources every agent advertises, as in Mesos.</summary>
public static class WellKnownResources
{
    public const string Cpus = "cpus";
    public const string Mem = "mem";
    public const string Disk = "disk";
    public const string Ports = "ports";
    public const string Gpus = "gpus";
}
