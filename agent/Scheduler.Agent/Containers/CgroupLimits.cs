namespace Scheduler.Agent.Containers;

/// <summary>The kernel limits applied to one container's cgroups, derived from its resources the way Mesos does.</summary>
public sealed record CgroupLimits(double Cpus, long MemoryBytes, long? Pids)
{
    public const long CpuSharesPerCpu = 1024;
    public const long MinCpuShares = 2;
    public const long CfsPeriodMicroseconds = 100_000;
    public const long MinCfsQuotaMicroseconds = 1_000;
    public const long MinMemoryBytes = 32L * 1024 * 1024;

    public long CpuShares => Math.Max(MinCpuShares, (long)(Cpus * CpuSharesPerCpu));

    public long CfsQuotaMicroseconds => Math.Max(MinCfsQuotaMicroseconds, (long)(Cpus * CfsPeriodMicroseconds));

    /// <summary>cgroup v2 weight (1..10000, 100 is the default): 100 per cpu keeps the same ratios as v1 shares.</summary>
    public long CpuWeight => Math.Clamp((long)Math.Round(Cpus * 100), 1, 10_000);

    public static CgroupLimits From(ContainerLaunchSpec spec) =>
        new(spec.Cpus, Math.Max(MinMemoryBytes, (long)(spec.MemoryMegabytes * 1024 * 1024)), spec.Pids);
}
