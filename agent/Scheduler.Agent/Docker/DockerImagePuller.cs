using Docker.DotNet;
using Docker.DotNet.Models;
using NLog;

namespace Scheduler.Agent.Docker;

/// <summary>
/// Makes sure an image is on the engine before a container is created from it: a local image is used as it is,
/// a missing one (or any, when a pull is forced) is pulled, bounded in time so an unreachable registry fails the
/// launch instead of hanging it.
/// </summary>
public sealed class DockerImagePuller(IDockerClient client, TimeSpan pullTimeout)
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public async Task EnsureAsync(string image, bool forcePull, CancellationToken cancellationToken)
    {
        if (!forcePull && await ExistsAsync(image, cancellationToken).ConfigureAwait(false))
            return;

        var (name, tag) = Split(image);
        string? lastError = null;
        var progress = new ImmediateProgress(message =>
        {
            if (!string.IsNullOrEmpty(message.ErrorMessage)) lastError = message.ErrorMessage;
            else if (message.Error?.Message is { Length: > 0 } error) lastError = error;
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(pullTimeout);
        Log.Info("Pulling image {0}", image);
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
            throw new DockerImageUnavailableException(image, lastError ?? "the engine reported no image after the pull");
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
