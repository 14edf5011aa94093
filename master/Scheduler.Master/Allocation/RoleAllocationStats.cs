using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// Why a role's frameworks got less than was free: in the last allocation cycle, the unreserved resources
/// held back from the role for other roles' unmet quota guarantees (summed over the agents where that
/// happened), and how many times one of its frameworks was passed over because it had refused an
/// agent's resources; with the latter counted over every cycle too.
/// </summary>
public sealed class RoleAllocationStats
{
    public ResourceSet HeldBackLastCycle { get; internal set; } = ResourceSet.Empty;

    public int FrameworksFilteredLastCycle { get; internal set; }

    public long FrameworksFilteredTotal { get; internal set; }
}
