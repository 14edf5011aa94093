using NLog;

namespace Scheduler.Agent.Containers;

/// <summary>
/// cgroup v1: one hierarchy per controller mounted under the root (e.g. <c>/sys/fs/cgroup/memory</c>);
/// a container gets <c>&lt;hierarchy&gt;/scheduler/&lt;containerId&gt;</c> in each of them.
/// </summary>
public sealed class CgroupsV1 : ICgroups
{
    public static readonly IReadOnlyList<string> Controllers = ["cpu", "cpuacct", "memory", "pids", "freezer"];

    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FreezeTimeout = TimeSpan.FromSeconds(1);

    private readonly string subtree;
    private readonly Dictionary<string, string> hierarchyByController = new();

    public CgroupsV1(string root = CgroupsDetector.DefaultRoot, string subtree = CgroupsDetector.DefaultSubtree)
    {
        this.subtree = subtree;
        foreach (var controller in Controllers)
        {
            var hierarchy = Path.Combine(root, controller);
            if (File.Exists(Path.Combine(hierarchy, "cgroup.procs")))
                hierarchyByController[controller] = ResolveLinks(hierarchy);
        }
        if (hierarchyByController.Count == 0)
            throw new InvalidOperationException($"No cgroup v1 hierarchies of {string.Join(", ", Controllers)} under {root}.");
    }

    public string Version => "v1";

    /// <summary>Mounted controllers; co-mounted ones (e.g. cpu,cpuacct) share a hierarchy.</summary>
    public IReadOnlyCollection<string> MountedControllers => hierarchyByController.Keys;

    public string? ContainerDirectory(string controller, string containerId) =>
        hierarchyByController.TryGetValue(controller, out var hierarchy)
            ? Path.Combine(hierarchy, subtree, containerId)
            : null;

    public void Create(string containerId, CgroupLimits limits)
    {
        foreach (var directory in ContainerDirectories(containerId))
            Directory.CreateDirectory(directory);

        if (ContainerDirectory("cpu", containerId) is { } cpu)
        {
            CgroupFiles.Write(cpu, "cpu.shares", limits.CpuShares);
            CgroupFiles.Write(cpu, "cpu.cfs_period_us", CgroupLimits.CfsPeriodMicroseconds);
            CgroupFiles.Write(cpu, "cpu.cfs_quota_us", limits.CfsQuotaMicroseconds);
        }
        if (ContainerDirectory("memory", containerId) is { } memory)
        {
            // The kernel requires limit_in_bytes <= memsw.limit_in_bytes, so the former goes first.
            CgroupFiles.Write(memory, "memory.limit_in_bytes", limits.MemoryBytes);
            CgroupFiles.WriteIfPresent(memory, "memory.memsw.limit_in_bytes", limits.MemoryBytes);
        }
        if (limits.Pids is { } pids && ContainerDirectory("pids", containerId) is { } pidsDirectory)
            CgroupFiles.Write(pidsDirectory, "pids.max", pids);

        Log.Debug("Created v1 cgroups for container {0}: {1}", containerId, limits);
    }

    public bool Exists(string containerId) => ContainerDirectories(containerId).Any(Directory.Exists);

    public IReadOnlyList<string> ProcessFiles(string containerId) =>
        ContainerDirectories(containerId).Select(directory => Path.Combine(directory, "cgroup.procs")).ToList();

    public IReadOnlyList<int> Processes(string containerId) => CgroupFiles.ReadPids(MembershipDirectory(containerId));

    public ContainerUsage ReadUsage(string containerId)
    {
        var cpuacct = ContainerDirectory("cpuacct", containerId);
        var cpuNanoseconds = cpuacct is null ? null : CgroupFiles.TryReadLong(cpuacct, "cpuacct.usage");
        var memory = ContainerDirectory("memory", containerId);
        return new ContainerUsage(
            DateTimeOffset.UtcNow,
            cpuNanoseconds is { } ns ? TimeSpan.FromTicks(ns / 100) : null,
            memory is null ? null : CgroupFiles.TryReadLong(memory, "memory.usage_in_bytes"),
            memory is null ? null : CgroupFiles.TryReadLong(memory, "memory.max_usage_in_bytes"),
            memory is null ? null : CgroupFiles.TryReadLong(memory, "memory.limit_in_bytes"),
            Directory.Exists(MembershipDirectory(containerId)) ? Processes(containerId).Count : null)
        {
            // cpuacct.stat counts in USER_HZ, 100 per second on Linux.
            CpuUserTime = cpuacct is not null && CgroupFiles.TryReadKeyed(cpuacct, "cpuacct.stat", "user") is { } user
                ? TimeSpan.FromMilliseconds(user * 10) : null,
            CpuSystemTime = cpuacct is not null && CgroupFiles.TryReadKeyed(cpuacct, "cpuacct.stat", "system") is { } system
                ? TimeSpan.FromMilliseconds(system * 10) : null,
        };
    }

    public CgroupMemoryReport ReadMemoryReport(string containerId)
    {
        if (ContainerDirectory("memory", containerId) is not { } memory)
            return new CgroupMemoryReport(null, false, null, null);
        // Kernels since 4.13 count OOM kills in memory.oom_control; older ones only count limit hits.
        var oomKills = CgroupFiles.TryReadKeyed(memory, "memory.oom_control", "oom_kill");
        var failures = CgroupFiles.TryReadLong(memory, "memory.failcnt");
        return new CgroupMemoryReport(
            oomKills is { } kills ? kills > 0 : null,
            failures > 0,
            CgroupFiles.TryReadLong(memory, "memory.limit_in_bytes"),
            CgroupFiles.TryReadLong(memory, "memory.max_usage_in_bytes"));
    }

    public async Task KillAllAsync(string containerId, CancellationToken cancellationToken = default)
    {
        var freezer = ContainerDirectory("freezer", containerId);
        var deadline = DateTime.UtcNow + KillTimeout;
        while (Processes(containerId).Count > 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Processes of container {containerId} survived SIGKILL for {KillTimeout}.");

            try
            {
                if (freezer is not null && Directory.Exists(freezer))
                    await KillFrozenAsync(freezer, containerId, cancellationToken).ConfigureAwait(false);
                else
                    CgroupFiles.KillEach(Processes(containerId), NativeMethods.SignalKill);
            }
            catch (IOException) when (!Exists(containerId))
            {
                return; // Destroyed meanwhile, e.g. by the cleanup after the main process exited.
            }
            catch (IOException)
            {
                // The freezer went away under us (another cleanup removed it): kill what is left one by one.
                CgroupFiles.KillEach(Processes(containerId), NativeMethods.SignalKill);
            }

            await CgroupFiles.WaitUntilAsync(() => Processes(containerId).Count == 0, TimeSpan.FromMilliseconds(200), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    // Freezing first stops processes from forking new ones between reading cgroup.procs and killing.
    private async Task KillFrozenAsync(string freezer, string containerId, CancellationToken cancellationToken)
    {
        CgroupFiles.Write(freezer, "freezer.state", "FROZEN");
        await CgroupFiles.WaitUntilAsync(
                () => CgroupFiles.TryRead(freezer, "freezer.state")?.Trim() == "FROZEN", FreezeTimeout, cancellationToken)
            .ConfigureAwait(false);
        CgroupFiles.KillEach(Processes(containerId), NativeMethods.SignalKill);
        CgroupFiles.Write(freezer, "freezer.state", "THAWED");
    }

    public async Task DestroyAsync(string containerId, CancellationToken cancellationToken = default)
    {
        foreach (var directory in ContainerDirectories(containerId))
            await CgroupFiles.RemoveDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
        Log.Debug("Destroyed v1 cgroups of container {0}", containerId);
    }

    public IReadOnlyList<string> ListContainers() =>
        hierarchyByController.Values.Distinct()
            .SelectMany(hierarchy => CgroupFiles.ListChildDirectories(Path.Combine(hierarchy, subtree)))
            .Distinct()
            .ToList();

    private IEnumerable<string> ContainerDirectories(string containerId) =>
        hierarchyByController.Values.Distinct().Select(hierarchy => Path.Combine(hierarchy, subtree, containerId));

    // Membership is the same in every hierarchy; read it where it is most certainly present.
    private string MembershipDirectory(string containerId) =>
        ContainerDirectory("freezer", containerId)
        ?? ContainerDirectory("memory", containerId)
        ?? ContainerDirectories(containerId).First();

    private static string ResolveLinks(string path) =>
        new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
}
