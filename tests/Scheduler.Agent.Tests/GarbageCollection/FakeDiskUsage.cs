using Scheduler.Agent.GarbageCollection;

namespace Scheduler.Agent.Tests.GarbageCollection;

public sealed class FakeDiskUsage : IDiskUsage
{
    public double Used { get; set; }

    public double UsedFraction() => Used;
}
