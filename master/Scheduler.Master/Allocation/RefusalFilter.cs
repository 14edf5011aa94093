using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// A framework's refusal of resources on an agent for one of its roles, until a deadline.
/// As in Mesos, it keeps filtering while the agent has no more to offer than was refused.
/// </summary>
internal sealed record RefusalFilter(string Role, string AgentId, ResourceSet Refused, DateTimeOffset ExpiresAt)
{
    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    public bool Filters(string role, string agentId, ResourceSet offerable, DateTimeOffset now) =>
        Role == role && AgentId == agentId && !IsExpired(now) && Refused.Contains(offerable.Unallocate());
}
