using System.Globalization;

namespace Scheduler.Agent.Containers;

/// <summary>
/// A live process told apart from a later one that reuses its pid, by the start time the kernel records in
/// <c>/proc/&lt;pid&gt;/stat</c> (field 22, clock ticks since boot).
/// </summary>
internal static class ProcessIdentity
{
    /// <summary>The start time of a running (not zombie) process; null when there is no such process.</summary>
    public static long? StartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may contain spaces; the rest follows the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length < 20 || fields[0] is "Z" or "X" or "x") return null;
        return long.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : null;
    }

    public static bool IsAlive(int pid, long startTime) => StartTime(pid) == startTime;
}
