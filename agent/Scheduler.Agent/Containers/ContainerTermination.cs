namespace Scheduler.Agent.Containers;

/// <summary>How a container's main process ended, and a human readable reason.</summary>
public sealed record ContainerTermination(int? ExitCode, int? Signal, bool OomKilled, string Message)
{
    public bool Succeeded => ExitCode == 0 && !OomKilled;

    public static ContainerTermination Exited(int exitCode) =>
        new(exitCode, null, false, $"Command exited with status {exitCode}");

    public static ContainerTermination Signaled(int signal) =>
        new(null, signal, false, $"Command terminated by signal {signal}");

    /// <summary>The command ended but how is not known, e.g. its supervisor was killed while the agent was down.</summary>
    public static ContainerTermination Unknown(string message) => new(null, null, false, message);

    public static ContainerTermination MemoryLimitExceeded(int? exitCode, int? signal, long? limitBytes, long? maxUsedBytes) =>
        new(exitCode, signal, true,
            $"Memory limit exceeded: Requested: {ByteSize.Format(limitBytes)} Maximum Used: {ByteSize.Format(maxUsedBytes)}");
}
