namespace Scheduler.Agent.GarbageCollection;

/// <summary>The usage of the filesystem a directory lives on, as <c>df</c> reports it to unprivileged users.</summary>
public sealed class FilesystemDiskUsage(string directory) : IDiskUsage
{
    public double UsedFraction()
    {
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(directory));
            return drive.TotalSize <= 0 ? 0 : Math.Clamp(1 - (double)drive.AvailableFreeSpace / drive.TotalSize, 0, 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return 0;
        }
    }
}
