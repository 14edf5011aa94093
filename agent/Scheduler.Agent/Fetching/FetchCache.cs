using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Scheduler.Agent.StatusUpdates;

namespace Scheduler.Agent.Fetching;

/// <summary>
/// The agent's fetch cache: one file per URI (named by the URI's SHA-256) under <c>&lt;work_dir&gt;/fetch-cache/</c>, so
/// tasks asking for a cached URI again copy it instead of downloading it. Beyond its capacity the least recently used
/// files are removed, as with Mesos's <c>--fetcher_cache_size</c>; a file's modification time records its last use.
/// </summary>
public sealed class FetchCache
{
    public const string DirectoryName = "fetch-cache";
    public const long DefaultCapacityBytes = 2L * 1024 * 1024 * 1024;

    private const string PartialSuffix = ".partial";

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _downloads = new();
    private readonly Lock _eviction = new();
    private readonly IClock _clock;

    public FetchCache(string directory, long capacityBytes, IClock? clock = null)
    {
        if (capacityBytes < 0) throw new ArgumentOutOfRangeException(nameof(capacityBytes), "The fetch cache's capacity cannot be negative.");
        Directory = directory;
        CapacityBytes = capacityBytes;
        _clock = clock ?? SystemClock.Instance;
        // Left by a download an earlier agent process did not finish.
        if (System.IO.Directory.Exists(directory))
            foreach (var partial in System.IO.Directory.EnumerateFiles(directory, "*" + PartialSuffix)) File.Delete(partial);
    }

    public string Directory { get; }
    public long CapacityBytes { get; }

    /// <summary>The bytes the cached files hold.</summary>
    public long SizeBytes => Entries().Sum(entry => entry.Length);

    public static FetchCache InWorkDirectory(string workDirectory, long capacityBytes) =>
        new(Path.Combine(workDirectory, DirectoryName), capacityBytes);

    public static string KeyOf(string uri) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uri)));

    public bool Contains(string uri) => File.Exists(PathOf(uri));

    /// <summary>
    /// Opens the cached content of <paramref name="uri"/>, first having <paramref name="download"/> write it to the path
    /// it is given when the cache lacks it. Concurrent requests for one URI download it once. The returned stream stays
    /// readable even if the file is evicted meanwhile.
    /// </summary>
    public async Task<(FileStream Content, bool WasCached)> OpenAsync(string uri, Func<string, CancellationToken, Task> download,
        CancellationToken cancellationToken = default)
    {
        var path = PathOf(uri);
        var gate = _downloads.GetOrAdd(Path.GetFileName(path), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (TryOpen(path) is { } cached)
            {
                File.SetLastWriteTimeUtc(path, _clock.Now.UtcDateTime);
                return (cached, true);
            }
            System.IO.Directory.CreateDirectory(Directory);
            var partial = $"{path}.{Guid.NewGuid():N}{PartialSuffix}";
            try
            {
                await download(partial, cancellationToken);
                File.SetLastWriteTimeUtc(partial, _clock.Now.UtcDateTime);
                File.Move(partial, path, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
            var content = File.OpenRead(path);
            Evict(keep: path);
            return (content, false);
        }
        finally
        {
            gate.Release();
        }
    }

    private string PathOf(string uri) => Path.Combine(Directory, KeyOf(uri));

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes the least recently used files until the cache fits; the file just added goes last, and goes
    /// too if it alone is larger than the cache.</summary>
    private void Evict(string keep)
    {
        lock (_eviction)
        {
            var entries = Entries().OrderBy(entry => entry.FullName == keep).ThenBy(entry => entry.LastWriteTimeUtc).ToList();
            var size = entries.Sum(entry => entry.Length);
            foreach (var entry in entries)
            {
                if (size <= CapacityBytes) break;
                size -= entry.Length;
                entry.Delete();
            }
        }
    }

    private IEnumerable<FileInfo> Entries() =>
        System.IO.Directory.Exists(Directory)
            ? new DirectoryInfo(Directory).EnumerateFiles().Where(file => !file.Name.EndsWith(PartialSuffix))
            : [];
}
