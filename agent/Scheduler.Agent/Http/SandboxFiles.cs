namespace Scheduler.Agent.Http;

/// <summary>
/// Reads files under the agent's work directory for the <c>/files/read</c> endpoint, refusing any path
/// that leaves it. Offsets and lengths as Mesos's files API: offset -1 asks for the file's size only.
/// </summary>
public sealed class SandboxFiles(string workDirectory)
{
    public const int MaxLength = 1024 * 1024;
    private readonly string _root = Path.GetFullPath(workDirectory);

    public string? Resolve(string path)
    {
        var full = Path.GetFullPath(Path.Combine(_root, path.TrimStart('/')));
        return full == _root || full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    public async Task<(string Data, long Offset)> ReadAsync(string file, long offset, int length, CancellationToken cancel)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var size = stream.Length;
        if (offset < 0) return ("", size);
        if (offset >= size) return ("", offset);
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[Math.Min(length, MaxLength)];
        var read = await stream.ReadAsync(buffer, cancel);
        return (System.Text.Encoding.UTF8.GetString(buffer, 0, read), offset);
    }
}
