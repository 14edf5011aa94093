using Docker.DotNet;
using Docker.DotNet.Models;
using NLog;
using Scheduler.Agent.StatusUpdates;

namespace Scheduler.Agent.Docker;

/// <summary>
/// Makes sure an image is on the engine before a container is created from it: a local image is used as it is,
/// a missing one (or any, when a pull is forced) is pulled, bounded in time so an unreachable registry fails the
/// launch instead of hanging it. A pull's progress is told as sentences such as
/// "Pulling image registry:5000/app:1: 2 of 3 layers, 1.2 MB of 1.4 MB": the first at once, then at most one per
/// <c>progressInterval</c>, and "Pulled image … in 1.3 s" at the end.
/// </summary>
public sealed class DockerImagePuller(IDockerClient client, TimeSpan pullTimeout, TimeSpan progressInterval, IClock clock)
{
    public static readonly TimeSpan DefaultProgressInterval = TimeSpan.FromSeconds(2);
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <param name="reportProgress">Called on the thread reading the engine's answer, never after the returned task completes.</param>
    public async Task EnsureAsync(string image, bool forcePull, Action<string>? reportProgress, CancellationToken cancellationToken)
    {
        if (!forcePull && await ExistsAsync(image, cancellationToken).ConfigureAwait(false))
            return;

        var (name, tag) = Split(image);
        var pull = new ImagePullProgress(image);
        var throttle = new ProgressThrottle(clock, progressInterval);
        var started = clock.Now;
        var progress = new ImmediateProgress(message =>
        {
            pull.Add(message);
            var text = pull.Describe();
            if (throttle.TryPass(text)) reportProgress?.Invoke(text);
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(pullTimeout);
        Log.Info("Pulling image {0}", image);
        var first = pull.Describe();
        throttle.TryPass(first);
        reportProgress?.Invoke(first);
        try
        {
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, null, progress, timeout.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DockerImageUnavailableException(image, $"the pull did not finish within {pullTimeout.TotalSeconds:0.#} s");
        }
        catch (DockerApiException e)
        {
            throw new DockerImageUnavailableException(image, ApiMessage(e));
        }

        if (!await ExistsAsync(image, cancellationToken).ConfigureAwait(false))
            throw new DockerImageUnavailableException(image, pull.Error ?? "the engine reported no image after the pull");

        var finished = pull.DescribeFinished(clock.Now - started);
        Log.Info(finished);
        reportProgress?.Invoke(finished);
    }

    private async Task<bool> ExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await client.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Splits <c>registry:5000/repo/name:tag</c> into name and tag; a digest or no tag keeps the name whole.</summary>
    public static (string Name, string? Tag) Split(string image)
    {
        if (image.Contains('@'))
            return (image, null);
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    internal static string ApiMessage(DockerApiException e)
    {
        var body = e.ResponseBody?.Trim();
        if (string.IsNullOrEmpty(body)) return e.Message;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("message", out var message)) return message.GetString() ?? body;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return body;
    }

    /// <summary>Reports on the reading thread, so every message is seen before the pull's task completes.</summary>
    private sealed class ImmediateProgress(Action<JSONMessage> report) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value) => report(value);
    }
}
