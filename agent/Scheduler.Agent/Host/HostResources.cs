using System.Globalization;

namespace Scheduler.Agent.Host;

/// <summary>The resources an agent offers, before any operator overrides.</summary>
public sealed record HostResources(double Cpus, long MemoryMegabytes, long DiskMegabytes, int PortsBegin, int PortsEnd)
{
    /// <summary>The Mesos text form, e.g. <c>cpus:2;mem:23000;disk:50000;ports:[31000-32000]</c>.</summary>
    public string ToText() =>
        string.Create(CultureInfo.InvariantCulture,
            $"cpus:{Cpus};mem:{MemoryMegabytes};disk:{DiskMegabytes};ports:[{PortsBegin}-{PortsEnd}]");

    public override string ToString() => ToText();
}
