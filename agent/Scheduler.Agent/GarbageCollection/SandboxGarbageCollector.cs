using NLog;
using Scheduler.Agent.StatusUpdates;

namespace Scheduler.Agent.GarbageCollection;

/// <summary>
/// Removes the sandboxes of finished tasks some time after they became removable, as Mesos's agent garbage
/// collector does: a directory goes once it has waited <c>delay × max(0, 1 − headroom − disk usage)</c>, so the
/// fuller the disk, the sooner. Emptied parent directories below the root go with it (a framework's directory once
/// its last task's sandbox is gone). Nothing happens until <see cref="Collect"/> is called, which the agent does
/// every disk watch interval.
/// </summary>
public sealed class SandboxGarbageCollector
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    private readonly IClock clock;
    private readonly IDiskUsage disk;
    private readonly TimeSpan delay;
    private readonly double headroom;
    private readonly string root;
    private readonly Dictionary<string, DateTimeOffset> scheduledSince = new(StringComparer.Ordinal);

    /// <param name="root">Directories are only ever removed below it; it stays.</param>
    public SandboxGarbageCollector(IClock clock, IDiskUsage disk, TimeSpan delay, double headroom, string root)
    {
        if (delay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(delay), delay, "The delay cannot be negative.");
        if (headroom is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(headroom), headroom, "The headroom is a fraction from 0 to 1.");
        this.clock = clock;
        this.disk = disk;
        this.delay = delay;
        this.headroom = headroom;
        this.root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    public IReadOnlyCollection<string> Scheduled => scheduledSince.Keys;

    /// <summary>How long a directory waits at this disk usage.</summary>
    public TimeSpan MaxAge(double diskUsage) => delay * Math.Max(0, 1 - headroom - diskUsage);

    /// <summary>Schedules a directory below the root for removal, counting its wait from <paramref name="since"/>
    /// (e.g. when it was last written), or from now. Scheduling it again keeps the earlier start.</summary>
    public void Schedule(string directory, DateTimeOffset? since = null)
    {
        var path = Below(directory);
        var start = since is { } s && s < clock.Now ? s : clock.Now;
        scheduledSince[path] = scheduledSince.TryGetValue(path, out var earlier) && earlier < start ? earlier : start;
    }

    /// <summary>Keeps a directory that is in use again; true when it was scheduled.</summary>
    public bool Unschedule(string directory) => scheduledSince.Remove(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));

    /// <summary>Removes every scheduled directory that has waited long enough; returns those removed.</summary>
    public IReadOnlyList<string> Collect()
    {
        if (scheduledSince.Count == 0)
            return [];
        var usage = disk.UsedFraction();
        var maxAge = MaxAge(usage);
        var now = clock.Now;
        var removed = new List<string>();
        foreach (var (path, since) in scheduledSince.Where(entry => now - entry.Value >= maxAge).ToList())
        {
            scheduledSince.Remove(path);
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                removed.Add(path);
                RemoveEmptyParents(path);
                Log.Info("Removed {0}, {1} after it became removable (disk {2:P0} used)", path, now - since, usage);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.Warn("Could not remove {0}: {1}", path, e.Message);
            }
        }
        return removed;
    }

    private void RemoveEmptyParents(string path)
    {
        for (var parent = Path.GetDirectoryName(path); parent is not null && IsBelowRoot(parent); parent = Path.GetDirectoryName(parent))
        {
            if (!Directory.Exists(parent)) continue;
            if (Directory.EnumerateFileSystemEntries(parent).Any()) return;
            Directory.Delete(parent);
        }
    }

    private string Below(string directory)
    {
        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        return IsBelowRoot(path) ? path : throw new ArgumentException($"'{directory}' is not below {root}.");
    }

    private bool IsBelowRoot(string path) =>
        path.Length > root.Length && path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] == Path.DirectorySeparatorChar;
}
