namespace Scheduler.Agent;

/// <summary>How an agent runs: where it keeps sandboxes, how it is reached, what it offers.</summary>
public sealed record AgentSettings
{
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "scheduler-agent");
    public string Hostname { get; init; } = "127.0.0.1";
    public int HttpPort { get; init; } = 5051;
    public string? Resources { get; init; }
    public TimeSpan RegistrationRetry { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan DefaultKillGracePeriod { get; init; } = TimeSpan.FromSeconds(3);
    public string Version { get; init; } = "0.1.0";

    /// <summary>Whether stopping the agent actor kills its tasks; when false they keep running for the next agent
    /// process on the same work directory to recover, as after a crash.</summary>
    public bool KillTasksOnStop { get; init; } = true;

    /// <summary><c>cgroups</c> and/or <c>docker</c>; null: cgroups, and Docker too when an engine answers.</summary>
    public IReadOnlyList<string>? Containerizers { get; init; }

    /// <summary>The Docker engine's unix socket; null: <c>$SCHED_DOCKER_SOCKET</c> or the usual places.</summary>
    public string? DockerSocket { get; init; }

    public TimeSpan DockerPullTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
