using System.Globalization;
using NLog;

namespace Scheduler.Agent.Host;

/// <summary>
/// Detects what this machine can offer, following the Mesos agent: all cpus, memory less 1 GB for the
/// system (half when the host has under 2 GB), disk of the work directory's filesystem less 5 GB
/// (half when under 10 GB), and ports 31000-32000.
/// </summary>
public static class HostResourceDetector
{
    public const long ReservedMemoryMegabytes = 1024;
    public const long ReservedDiskMegabytes = 5 * 1024;
    public const int DefaultPortsBegin = 31000;
    public const int DefaultPortsEnd = 32000;

    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <summary>The agent's resources as Mesos text, with entries named in <paramref name="overrides"/> replaced by those.</summary>
    public static string DetectText(string workDirectory, string? overrides = null) =>
        ResourceTextOverrides.Apply(Detect(workDirectory).ToText(), overrides);

    public static HostResources Detect(string workDirectory)
    {
        var memoryTotal = ParseMemTotalMegabytes(File.ReadAllText("/proc/meminfo"));
        var diskTotal = FilesystemTotalMegabytes(workDirectory);
        var resources = new HostResources(
            Environment.ProcessorCount,
            AvailableMemoryMegabytes(memoryTotal),
            AvailableDiskMegabytes(diskTotal),
            DefaultPortsBegin,
            DefaultPortsEnd);
        Log.Info("Detected host resources {0} (memory total {1} MB, disk total {2} MB)", resources, memoryTotal, diskTotal);
        return resources;
    }

    public static long AvailableMemoryMegabytes(long totalMegabytes) =>
        totalMegabytes >= 2 * ReservedMemoryMegabytes ? totalMegabytes - ReservedMemoryMegabytes : totalMegabytes / 2;

    public static long AvailableDiskMegabytes(long totalMegabytes) =>
        totalMegabytes >= 2 * ReservedDiskMegabytes ? totalMegabytes - ReservedDiskMegabytes : totalMegabytes / 2;

    /// <summary>Reads the <c>MemTotal:  24684084 kB</c> line of /proc/meminfo.</summary>
    public static long ParseMemTotalMegabytes(string meminfo)
    {
        foreach (var line in meminfo.Split('\n'))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal))
                continue;
            var parts = line["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kilobytes))
                return kilobytes / 1024;
        }
        throw new FormatException("No MemTotal line in /proc/meminfo.");
    }

    /// <summary>Size of the filesystem holding the directory, or its nearest existing ancestor.</summary>
    public static long FilesystemTotalMegabytes(string directory)
    {
        var existing = new DirectoryInfo(Path.GetFullPath(directory));
        while (!existing.Exists && existing.Parent is not null)
            existing = existing.Parent;
        return new DriveInfo(existing.FullName).TotalSize / (1024 * 1024);
    }
}
