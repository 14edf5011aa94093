using Docker.DotNet;

namespace Scheduler.Agent.Docker;

/// <summary>Where the Docker engine listens and how to talk to it.</summary>
public static class DockerEngine
{
    public const string SystemSocket = "/var/run/docker.sock";

    /// <summary>The private engine the project's scripts start for development and tests.</summary>
    public const string ProjectSocket = "/tmp/sched-dockerd/docker.sock";

    public const string SocketVariable = "SCHED_DOCKER_SOCKET";

    /// <summary>The engine's API version; Debian's engine (20.10) speaks 1.41 and refuses newer ones.</summary>
    public static readonly Version ApiVersion = new(1, 41);

    /// <summary><c>$SCHED_DOCKER_SOCKET</c>, else the system's socket, else the project's engine, whichever exists first.</summary>
    public static string DefaultSocket()
    {
        var configured = System.Environment.GetEnvironmentVariable(SocketVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;
        return File.Exists(SystemSocket) || !File.Exists(ProjectSocket) ? SystemSocket : ProjectSocket;
    }

    public static bool SocketExists(string socketPath) => File.Exists(socketPath);

    /// <summary>A client whose requests are bounded by the caller's cancellation, not a global timeout, so that
    /// waiting for a container and following its output can last as long as the task runs.</summary>
    public static IDockerClient Connect(string socketPath) =>
        new DockerClientConfiguration(new Uri("unix://" + Path.GetFullPath(socketPath)), defaultTimeout: System.Threading.Timeout.InfiniteTimeSpan)
            .CreateClient(ApiVersion);
}
