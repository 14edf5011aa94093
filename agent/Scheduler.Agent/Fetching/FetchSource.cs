namespace Scheduler.Agent.Fetching;

/// <summary>
/// Where a URI's content comes from: an http(s) server or a file on the agent's host (<c>file://</c> or an absolute
/// path), and the file name it gets in the sandbox unless the URI names an <c>output_file</c>.
/// </summary>
public sealed record FetchSource
{
    private FetchSource(Uri? http, string? localPath, string fileName)
    {
        Http = http;
        LocalPath = localPath;
        FileName = fileName;
    }

    public Uri? Http { get; }
    public string? LocalPath { get; }

    /// <summary>The last segment of the URI's path; empty when it has none (then the URI needs an <c>output_file</c>).</summary>
    public string FileName { get; }

    /// <exception cref="InvalidDataException">The value is not a URI the fetcher can read.</exception>
    public static FetchSource Parse(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var http) || string.IsNullOrEmpty(http.Host))
                throw new InvalidDataException("not a valid http(s) URI");
            return new FetchSource(http, null, Uri.UnescapeDataString(LastSegment(http.AbsolutePath)));
        }
        if (trimmed.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var file) || !file.IsFile)
                throw new InvalidDataException("not a valid file URI");
            if (!string.IsNullOrEmpty(file.Host) && !file.IsLoopback)
                throw new InvalidDataException($"file URIs on another host ('{file.Host}') are not supported");
            return Local(file.LocalPath);
        }
        if (trimmed.Contains("://"))
            throw new InvalidDataException($"'{trimmed[..trimmed.IndexOf("://", StringComparison.Ordinal)]}' URIs are not supported (http, https, file and absolute paths are)");
        if (!Path.IsPathRooted(trimmed))
            throw new InvalidDataException("a relative path is not supported; give an absolute path or a file:// URI");
        return Local(trimmed);
    }

    private static FetchSource Local(string path) => new(null, path, LastSegment(path));

    private static string LastSegment(string path) => path[(path.LastIndexOf('/') + 1)..];
}
