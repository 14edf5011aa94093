using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// A framework's refusal of resources on an agent for one of its roles, until a deadline.
/// As in Mesos, it keeps filtering while the agent has no more to offer than was refused.
/// The allocator drops it once it has lapsed.
/// </summary>
internal sealed record RefusalFilter(string Role, string AgentId, ResourceSet Refused, DateTimeOffset ExpiresAt)
{
    /// <param name="offerable">What the agent has for the role, without allocation roles.</param>
    public bool Filters(string role, ResourceSet offerable) => Role == role && Refused.Contains(offerable);
}
