using System.Globalization;
using NLog;

namespace Scheduler.Agent.Containers;

/// <summary>
/// cgroup v2: a single unified hierarchy; a container gets <c>&lt;root&gt;/scheduler/&lt;containerId&gt;</c>
/// with the cpu, memory and pids controllers enabled from the root down.
/// </summary>
public sealed class CgroupsV2 : ICgroups
{
    public static readonly IReadOnlyList<string> WantedControllers = ["cpu", "memory", "pids"];

    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    private readonly string root;
    private readonly string subtreeDirectory;

    public CgroupsV2(string root = CgroupsDetector.DefaultRoot, string subtree = CgroupsDetector.DefaultSubtree)
    {
        this.root = root;
        subtreeDirectory = Path.Combine(root, subtree);
    }

    public string Version => "v2";

    public string ContainerDirectory(string containerId) => Path.Combine(subtreeDirectory, containerId);

    public void Create(string containerId, CgroupLimits limits)
    {
        var enable = EnableControllersLine();
        if (enable.Length > 0)
            CgroupFiles.Write(root, "cgroup.subtree_control", enable);
        Directory.CreateDirectory(subtreeDirectory);
        if (enable.Length > 0)
            CgroupFiles.Write(subtreeDirectory, "cgroup.subtree_control", enable);

        var directory = ContainerDirectory(containerId);
        Directory.CreateDirectory(directory);
        CgroupFiles.Write(directory, "cpu.weight", limits.CpuWeight);
        CgroupFiles.Write(directory, "cpu.max",
            string.Create(CultureInfo.InvariantCulture, $"{limits.CfsQuotaMicroseconds} {CgroupLimits.CfsPeriodMicroseconds}"));
        CgroupFiles.Write(directory, "memory.max", limits.MemoryBytes);
        CgroupFiles.WriteIfPresent(directory, "memory.swap.max", 0);
        if (limits.Pids is { } pids)
            CgroupFiles.Write(directory, "pids.max", pids);

        Log.Debug("Created v2 cgroup for container {0}: {1}", containerId, limits);
    }

    private string EnableControllersLine()
    {
        var available = (CgroupFiles.TryRead(root, "cgroup.controllers") ?? "")
            .Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet();
        return string.Join(' ', WantedControllers.Where(available.Contains).Select(controller => "+" + controller));
    }

    public bool Exists(string containerId) => Directory.Exists(ContainerDirectory(containerId));

    public IReadOnlyList<string> ProcessFiles(string containerId) =>
        [Path.Combine(ContainerDirectory(containerId), "cgroup.procs")];

    public IReadOnlyList<int> Processes(string containerId) => CgroupFiles.ReadPids(ContainerDirectory(containerId));

    public ContainerUsage ReadUsage(string containerId)
    {
        var directory = ContainerDirectory(containerId);
        var cpuMicroseconds = CgroupFiles.TryReadKeyed(directory, "cpu.stat", "usage_usec");
        return new ContainerUsage(
            DateTimeOffset.UtcNow,
            cpuMicroseconds is { } us ? TimeSpan.FromMicroseconds(us) : null,
            CgroupFiles.TryReadLong(directory, "memory.current"),
            CgroupFiles.TryReadLong(directory, "memory.peak"),
            CgroupFiles.TryReadLong(directory, "memory.max"),
            CgroupFiles.TryReadLong(directory, "pids.current") is { } count ? (int)count : null)
        {
            CpuUserTime = CgroupFiles.TryReadKeyed(directory, "cpu.stat", "user_usec") is { } user ? TimeSpan.FromMicroseconds(user) : null,
            CpuSystemTime = CgroupFiles.TryReadKeyed(directory, "cpu.stat", "system_usec") is { } system ? TimeSpan.FromMicroseconds(system) : null,
        };
    }

    public CgroupMemoryReport ReadMemoryReport(string containerId)
    {
        var directory = ContainerDirectory(containerId);
        var oomKills = CgroupFiles.TryReadKeyed(directory, "memory.events", "oom_kill");
        var limitHits = CgroupFiles.TryReadKeyed(directory, "memory.events", "max");
        return new CgroupMemoryReport(
            oomKills is { } kills ? kills > 0 : null,
            limitHits > 0,
            CgroupFiles.TryReadLong(directory, "memory.max"),
            CgroupFiles.TryReadLong(directory, "memory.peak"));
    }

    public async Task KillAllAsync(string containerId, CancellationToken cancellationToken = default)
    {
        var directory = ContainerDirectory(containerId);
        var deadline = DateTime.UtcNow + KillTimeout;
        var canKillAtOnce = File.Exists(Path.Combine(directory, "cgroup.kill"));
        while (Processes(containerId).Count > 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Processes of container {containerId} survived SIGKILL for {KillTimeout}.");

            try
            {
                // cgroup.kill (Linux 5.14+) kills atomically, racing no forks.
                if (canKillAtOnce)
                    CgroupFiles.Write(directory, "cgroup.kill", "1");
                else
                    CgroupFiles.KillEach(Processes(containerId), NativeMethods.SignalKill);
            }
            catch (IOException) when (!Exists(containerId))
            {
                return; // Destroyed meanwhile, e.g. by the cleanup after the main process exited.
            }

            await CgroupFiles.WaitUntilAsync(() => Processes(containerId).Count == 0, TimeSpan.FromMilliseconds(200), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    public async Task DestroyAsync(string containerId, CancellationToken cancellationToken = default)
    {
        await CgroupFiles.RemoveDirectoryAsync(ContainerDirectory(containerId), cancellationToken).ConfigureAwait(false);
        Log.Debug("Destroyed v2 cgroup of container {0}", containerId);
    }

    public IReadOnlyList<string> ListContainers() => CgroupFiles.ListChildDirectories(subtreeDirectory);
}
