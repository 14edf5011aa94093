using System.Globalization;
using Docker.DotNet.Models;

namespace Scheduler.Agent.Docker;

/// <summary>
/// Sums up the engine's messages during one image pull: which layers the image has, how many are on the engine
/// (pulled or already there), and how many bytes of the layers being downloaded have arrived. A layer's size is
/// known once its download starts, so the total grows while the pull goes on.
/// </summary>
public sealed class ImagePullProgress(string image)
{
    private readonly Dictionary<string, Layer> layers = new();

    public string Image { get; } = image;
    public int Layers => layers.Count;
    public int LayersDone => layers.Values.Count(layer => layer.Done);
    public long BytesDownloaded => layers.Values.Sum(layer => layer.Downloaded);
    public long BytesTotal => layers.Values.Sum(layer => layer.Size ?? 0);

    /// <summary>The last error the engine wrote into the stream, if any.</summary>
    public string? Error { get; private set; }

    public void Add(JSONMessage message)
    {
        if (!string.IsNullOrEmpty(message.ErrorMessage)) Error = message.ErrorMessage;
        else if (message.Error?.Message is { Length: > 0 } error) Error = error;

        // Messages without an id speak of the whole image ("Digest: …", "Status: …"); "Pulling from" names the tag.
        if (string.IsNullOrEmpty(message.ID) || message.Status is null || message.Status.StartsWith("Pulling from ", StringComparison.Ordinal))
            return;
        if (!layers.TryGetValue(message.ID, out var layer))
            layers[message.ID] = layer = new Layer();

        switch (message.Status)
        {
            case "Already exists":
                layer.Done = true;
                break;
            case "Downloading":
                if (message.Progress is { Total: > 0 } progress)
                {
                    layer.Size = progress.Total;
                    layer.Downloaded = Math.Min(progress.Current, progress.Total);
                }
                break;
            case "Verifying Checksum" or "Download complete" or "Extracting":
                layer.Downloaded = layer.Size ?? layer.Downloaded;
                break;
            case "Pull complete":
                layer.Downloaded = layer.Size ?? layer.Downloaded;
                layer.Done = true;
                break;
        }
    }

    /// <summary>E.g. "Pulling image registry:5000/app:1: 2 of 3 layers, 1.2 MB of 1.4 MB".</summary>
    public string Describe()
    {
        if (Layers == 0) return $"Pulling image {Image}";
        var text = $"Pulling image {Image}: {LayersDone} of {Layers} layers";
        return BytesTotal > 0 ? $"{text}, {Bytes(BytesDownloaded)} of {Bytes(BytesTotal)}" : text;
    }

    /// <summary>E.g. "Pulled image registry:5000/app:1 in 1.3 s: 3 layers, 1.4 MB downloaded".</summary>
    public string DescribeFinished(TimeSpan elapsed)
    {
        var text = $"Pulled image {Image} in {elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
        return Layers == 0 ? text : $"{text}: {Layers} layers, {Bytes(BytesDownloaded)} downloaded";
    }

    /// <summary>Decimal units with one decimal, as the Docker CLI shows pulls.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1_000 => $"{bytes} B",
        < 1_000_000 => Scaled(bytes / 1e3, "kB"),
        < 1_000_000_000 => Scaled(bytes / 1e6, "MB"),
        _ => Scaled(bytes / 1e9, "GB"),
    };

    private static string Scaled(double value, string unit) => value.ToString("0.0", CultureInfo.InvariantCulture) + " " + unit;

    private sealed class Layer
    {
        public bool Done { get; set; }
        public long? Size { get; set; }
        public long Downloaded { get; set; }
    }
}
