using Scheduler.Protocol.V1;

namespace Scheduler.Framework;

/// <summary>
/// Keeps the framework id as the only line of a file. Writes go to a temporary
/// file that then replaces the old one, so a crash never leaves half an id.
/// </summary>
public sealed class FileFrameworkIdStore(string path) : IFrameworkIdStore
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public async Task<FrameworkID?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
            return null;

        var text = (await File.ReadAllTextAsync(Path, cancellationToken).ConfigureAwait(false)).Trim();
        return text.Length == 0 ? null : new FrameworkID { Value = text };
    }

    public async Task SaveAsync(FrameworkID frameworkId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(frameworkId.Value))
            throw new ArgumentException("A framework id to store must not be empty.", nameof(frameworkId));

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, frameworkId.Value + "\n", cancellationToken).ConfigureAwait(false);
        File.Move(temporary, Path, overwrite: true);
    }

    public Task ClearAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        File.Delete(Path);
        return Task.CompletedTask;
    }
}
