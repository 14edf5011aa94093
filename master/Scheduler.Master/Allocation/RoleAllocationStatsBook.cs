using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>Each role's <see cref="RoleAllocationStats"/>: kept over every cycle, with the last cycle's part reset as a cycle starts.</summary>
internal sealed class RoleAllocationStatsBook
{
    private readonly Dictionary<string, RoleAllocationStats> stats = new(StringComparer.Ordinal);

    /// <summary>The role's stats; all zero for a role the allocator never passed over.</summary>
    public RoleAllocationStats Of(string role) => stats.GetValueOrDefault(role) ?? new RoleAllocationStats();

    /// <summary>The role's stats to count into, kept from now on.</summary>
    public RoleAllocationStats For(string role)
    {
        if (!stats.TryGetValue(role, out var roleStats))
        {
            roleStats = new RoleAllocationStats();
            stats[role] = roleStats;
        }

        return roleStats;
    }

    public void StartCycle()
    {
        foreach (var roleStats in stats.Values)
        {
            roleStats.HeldBackLastCycle = ResourceSet.Empty;
            roleStats.FrameworksFilteredLastCycle = 0;
        }
    }
}
