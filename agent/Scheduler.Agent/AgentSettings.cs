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
}
