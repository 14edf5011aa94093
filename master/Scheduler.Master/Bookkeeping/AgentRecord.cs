using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Master.Bookkeeping;

/// <summary>What the master knows of one registered agent.</summary>
public sealed class AgentRecord(AgentInfo info, ResourceSet total, DateTimeOffset registeredAt)
{
    public AgentInfo Info { get; } = info;
    public string Id => Info.Id.Value;
    /// <summary>Everything the agent has, its dynamic reservations included.</summary>
    public ResourceSet Total { get; set; } = total;
    public DateTimeOffset RegisteredAt { get; } = registeredAt;
    public bool Active { get; set; } = true;
    /// <summary>Whether an operator turned offers for the agent off (DEACTIVATE_AGENT or DRAIN_AGENT).</summary>
    public bool Deactivated { get; set; }
    /// <summary>How far the agent's draining got, and how it was asked for; null when it is not drained.</summary>
    public DrainInfo? Drain { get; set; }
    public ResourceSet Used { get; set; } = ResourceSet.Empty;
    public ResourceSet Offered { get; set; } = ResourceSet.Empty;
}
