using Scheduler.Protocol.V1;

namespace Scheduler.Agent.Recovery;

/// <summary>Everything an earlier agent process checkpointed under the work directory.</summary>
public sealed record AgentCheckpointState(AgentInfo? Agent, string? BootId, IReadOnlyList<TaskCheckpoint> Tasks)
{
    public static readonly AgentCheckpointState Empty = new(null, null, []);

    /// <summary>The agent's dynamic reservations.</summary>
    public IReadOnlyList<Resource> Resources { get; init; } = [];

    /// <summary>The host rebooted since the checkpoint was written: its processes are gone.</summary>
    public bool RebootedSince(string currentBootId) => BootId is not null && BootId != currentBootId;
}
