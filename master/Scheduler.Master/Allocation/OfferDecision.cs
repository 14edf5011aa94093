using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// The allocator's decision to offer resources on one agent to one framework. The resources
/// carry the role they are allocated to; they stay allocated until recovered.
/// </summary>
public sealed record OfferDecision(string FrameworkId, string AgentId, ResourceSet Resources)
{
    /// <summary>The one role the resources are allocated to (Mesos's allocation_info.role of the offer).</summary>
    public string Role => Resources.AllocationRoles()[0];
}
