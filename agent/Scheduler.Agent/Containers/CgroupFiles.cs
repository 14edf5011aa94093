using System.Globalization;
using NLog;

namespace Scheduler.Agent.Containers;

/// <summary>Reading and writing cgroup control files, shared by both hierarchy versions.</summary>
internal static class CgroupFiles
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public static void Write(string directory, string file, string value) =>
        File.WriteAllText(Path.Combine(directory, file), value);

    public static void Write(string directory, string file, long value) =>
        Write(directory, file, value.ToString(CultureInfo.InvariantCulture));

    public static void WriteIfPresent(string directory, string file, long value)
    {
        if (File.Exists(Path.Combine(directory, file)))
            Write(directory, file, value);
    }

    public static string? TryRead(string directory, string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static long? TryReadLong(string directory, string file)
    {
        var text = TryRead(directory, file)?.Trim();
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>Reads one counter from a flat keyed file such as <c>memory.events</c> or <c>cpu.stat</c>.</summary>
    public static long? TryReadKeyed(string directory, string file, string key)
    {
        var text = TryRead(directory, file);
        if (text is null)
            return null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == key
                && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                return value;
        }
        return null;
    }

    public static IReadOnlyList<int> ReadPids(string directory)
    {
        var text = TryRead(directory, "cgroup.procs");
        if (text is null)
            return [];
        var pids = new List<int>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(line.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
                pids.Add(pid);
        }
        return pids;
    }

    public static void KillEach(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids)
            NativeMethods.Kill(pid, signal);
    }

    /// <summary>rmdir of a cgroup; the kernel refuses while the last exiting tasks are still being torn down, so retry.</summary>
    public static async Task RemoveDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                Directory.Delete(directory, recursive: false);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Log.Debug("Cgroup {0} still busy, retrying removal", directory);
            }
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    public static IReadOnlyList<string> ListChildDirectories(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetDirectories(directory).Select(Path.GetFileName).OfType<string>().ToList()
            : [];

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
    }
}
