using System.Globalization;

namespace Scheduler.Agent.Containers;

/// <summary>
/// What the containerizer keeps on disk per container so that a later agent process can find it again:
/// <c>&lt;root&gt;/&lt;containerId&gt;/supervisor</c> (pid and start time of its supervisor) and
/// <c>pid</c> (the command's, written by the supervisor once forked) and <c>status</c> (written by the supervisor
/// when the command ends).
/// </summary>
internal sealed class ContainerRuntimeDirectory(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string For(string containerId) => Path.Combine(Root, containerId);

    public string StatusFile(string containerId) => Path.Combine(For(containerId), "status");

    public string CommandPidFile(string containerId) => Path.Combine(For(containerId), "pid");

    public int? ReadCommandPid(string containerId) =>
        int.TryParse(TryRead(CommandPidFile(containerId))?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;

    public void Create(string containerId) => Directory.CreateDirectory(For(containerId));

    public bool Exists(string containerId) => Directory.Exists(For(containerId));

    public void WriteSupervisor(string containerId, int pid, long startTime)
    {
        var file = Path.Combine(For(containerId), "supervisor");
        File.WriteAllText(file + ".tmp", string.Create(CultureInfo.InvariantCulture, $"{pid} {startTime}\n"));
        File.Move(file + ".tmp", file, overwrite: true);
    }

    public (int Pid, long StartTime)? ReadSupervisor(string containerId)
    {
        var parts = TryRead(Path.Combine(For(containerId), "supervisor"))?.Trim().Split(' ');
        return parts is { Length: 2 }
               && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
               && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)
            ? (pid, start)
            : null;
    }

    public WaitStatus? ReadStatus(string containerId) =>
        TryRead(StatusFile(containerId)) is { } text ? ContainerSupervisor.ParseStatus(text) : null;

    public IReadOnlyList<string> List() =>
        Directory.Exists(Root)
            ? Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().ToList()
            : [];

    public void Remove(string containerId)
    {
        try
        {
            Directory.Delete(For(containerId), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static string? TryRead(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
