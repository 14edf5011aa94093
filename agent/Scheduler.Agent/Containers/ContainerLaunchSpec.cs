using Scheduler.Agent.Docker;

namespace Scheduler.Agent.Containers;

/// <summary>
/// Everything needed to run one command task in its own container. Exactly one of
/// <see cref="Shell"/> (run by <c>/bin/sh -c</c>) or <see cref="Executable"/> must be given, except in a
/// Docker container, where neither runs the image's own command.
/// </summary>
public sealed record ContainerLaunchSpec
{
    public required string ContainerId { get; init; }
    public required string FrameworkId { get; init; }
    public required string TaskId { get; init; }
    public string? Shell { get; init; }
    public string? Executable { get; init; }
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Created if missing; the task's working directory and home of its <c>stdout</c> and <c>stderr</c> files.</summary>
    public required string SandboxDirectory { get; init; }

    public double Cpus { get; init; } = 1;
    public double MemoryMegabytes { get; init; } = 128;
    public long? Pids { get; init; }

    /// <summary>Run the command as this user instead of the agent's own user.</summary>
    public string? User { get; init; }

    /// <summary>Run in this Docker image instead of on the host's filesystem.</summary>
    public DockerLaunchSpec? Docker { get; init; }

    /// <summary>Told, from any thread, how a slow step of the launch (an image pull) advances, as a sentence for
    /// the task's status; never after the launch's task completes. Containerizers without such steps ignore it.</summary>
    public Action<string>? ReportProgress { get; init; }

    public string StdoutPath => Path.Combine(SandboxDirectory, "stdout");
    public string StderrPath => Path.Combine(SandboxDirectory, "stderr");

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ContainerId) || ContainerId.Contains('/') || ContainerId is "." or "..")
            throw new ArgumentException($"Invalid container id '{ContainerId}'.");
        if ((Shell is not null && Executable is not null) || (Docker is null && Shell is null && Executable is null))
            throw new ArgumentException("Exactly one of Shell or Executable must be set.");
        if (Cpus <= 0)
            throw new ArgumentException($"Cpus must be positive, got {Cpus}.");
        if (MemoryMegabytes <= 0)
            throw new ArgumentException($"MemoryMegabytes must be positive, got {MemoryMegabytes}.");
        if (Pids is <= 0)
            throw new ArgumentException($"Pids must be positive, got {Pids}.");
        if (string.IsNullOrWhiteSpace(SandboxDirectory))
            throw new ArgumentException("SandboxDirectory is required.");
        if (Docker is not null && string.IsNullOrWhiteSpace(Docker.Image))
            throw new ArgumentException("A Docker container needs an image.");
    }
}
