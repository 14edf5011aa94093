using System.Net.Sockets;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Fetching;

/// <summary>
/// Mesos's fetcher: brings each URI of a task's command into its sandbox before the command starts — downloaded over
/// http(s) or copied from the host, through the <see cref="FetchCache"/> when the URI asks for it, made executable or
/// extracted — and writes a line per URI to the sandbox's <c>stderr</c>. Each URI has <see cref="Timeout"/> to arrive.
/// </summary>
public sealed class UriFetcher(FetchCache cache, TimeSpan timeout, HttpClient? http = null)
{
    public const UnixFileMode ExecutableMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(1);

    private static readonly HttpClient SharedHttp = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    private readonly HttpClient _http = http ?? SharedHttp;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Fetches the URIs one after the other into <paramref name="sandbox"/>, which it creates.</summary>
    /// <exception cref="FetchFailedException">The first URI that could not be fetched, and why.</exception>
    public async Task FetchAllAsync(IEnumerable<CommandInfo.Types.URI> uris, string sandbox, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(sandbox);
        await using var log = new StreamWriter(new FileStream(Path.Combine(sandbox, "stderr"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            AutoFlush = true,
        };
        foreach (var uri in uris) await FetchAsync(uri, sandbox, log, cancellationToken);
    }

    /// <summary>Fetches one URI into <paramref name="sandbox"/>, reporting what it did to <paramref name="log"/>.</summary>
    /// <exception cref="FetchFailedException">Why the URI could not be fetched.</exception>
    public async Task FetchAsync(CommandInfo.Types.URI uri, string sandbox, TextWriter log, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            var outcome = await FetchWithinAsync(uri, sandbox, deadline.Token);
            await log.WriteLineAsync($"Fetched '{uri.Value}' {outcome}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw await FailedAsync(uri, $"timed out after {Describe(Timeout)}", log);
        }
        catch (Exception e) when (e is not (OperationCanceledException or FetchFailedException))
        {
            throw await FailedAsync(uri, CauseOf(e), log);
        }
    }

    private async Task<string> FetchWithinAsync(CommandInfo.Types.URI uri, string sandbox, CancellationToken cancellationToken)
    {
        var source = FetchSource.Parse(uri.Value);
        var name = uri.HasOutputFile ? uri.OutputFile : source.FileName;
        if (name.Length == 0) throw new InvalidDataException("the URI names no file; give it an output_file");
        var destination = SandboxPaths.Resolve(sandbox, name, uri.HasOutputFile ? "output_file" : "file name");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        // As Mesos: an executable is never extracted, and a file that is no archive is kept as it is.
        var extract = !uri.Executable && uri.Extract && ArchiveExtractor.FormatOf(name) != ArchiveFormat.None;

        string outcome;
        if (uri.Cache)
        {
            var (content, wasCached) = await cache.OpenAsync(uri.Value.Trim(), (path, token) => DownloadAsync(source, path, token), cancellationToken);
            await using (content)
            {
                if (extract)
                {
                    await ArchiveExtractor.ExtractAsync(content, name, sandbox, cancellationToken);
                }
                else
                {
                    await using var file = File.Create(destination);
                    await content.CopyToAsync(file, cancellationToken);
                }
            }
            outcome = wasCached ? "from the fetch cache" : "into the fetch cache";
        }
        else
        {
            await DownloadAsync(source, destination, cancellationToken);
            if (extract)
            {
                await using var content = File.OpenRead(destination);
                await ArchiveExtractor.ExtractAsync(content, name, sandbox, cancellationToken);
            }
            outcome = "into the sandbox";
        }

        if (uri.Executable && !OperatingSystem.IsWindows()) File.SetUnixFileMode(destination, ExecutableMode);
        return $"{outcome} as '{name}'{(extract ? ", extracted" : "")}{(uri.Executable ? ", executable" : "")}";
    }

    private async Task DownloadAsync(FetchSource source, string path, CancellationToken cancellationToken)
    {
        if (source.Http is { } address)
        {
            using var response = await _http.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"the server answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var file = File.Create(path);
            await body.CopyToAsync(file, cancellationToken);
            return;
        }
        var local = source.LocalPath!;
        if (!File.Exists(local)) throw new FileNotFoundException($"no such file '{local}'");
        await using (var from = new FileStream(local, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
        await using (var to = File.Create(path))
            await from.CopyToAsync(to, cancellationToken);
    }

    private static async Task<FetchFailedException> FailedAsync(CommandInfo.Types.URI uri, string cause, TextWriter log)
    {
        var failure = new FetchFailedException(uri.Value, cause);
        await log.WriteLineAsync(failure.Message);
        return failure;
    }

    private static string CauseOf(Exception error) => error switch
    {
        HttpRequestException { InnerException: SocketException socket } => socket.Message,
        HttpRequestException { InnerException: { } inner } http when http.Message.Length == 0 => inner.Message,
        _ => error.Message,
    };

    private static string Describe(TimeSpan span) =>
        span.TotalSeconds >= 1 ? $"{span.TotalSeconds:0.###} s" : $"{span.TotalMilliseconds:0.###} ms";
}
