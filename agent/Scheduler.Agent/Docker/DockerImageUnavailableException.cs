namespace Scheduler.Agent.Docker;

/// <summary>The image of a task is neither on the engine nor could be pulled.</summary>
public sealed class DockerImageUnavailableException(string image, string reason)
    : Exception($"Image {image} is not available: {reason}")
{
    public string Image { get; } = image;
}
