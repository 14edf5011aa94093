using Scheduler.Resources;

namespace Scheduler.Benchmarks;

/// <summary>What the multi-framework benchmark measured.</summary>
/// <param name="AllocationCycles">The time of each allocation cycle alone, in order.</param>
/// <param name="Total">Everything from the first cycle to the last: allocating, the frameworks' first-fit and recovering what they declined.</param>
/// <param name="UnplacedByProfile">Tasks still waiting at the end, by profile name.</param>
public sealed record MultiFrameworkResult(
    int Agents,
    int Frameworks,
    int TasksWanted,
    int TasksPlaced,
    IReadOnlyList<CycleTime> AllocationCycles,
    IReadOnlyList<int> OffersPerCycle,
    CycleTime Total,
    ResourceSet ClusterCapacity,
    ResourceSet Placed,
    IReadOnlyDictionary<string, int> UnplacedByProfile)
{
    public int Cycles => AllocationCycles.Count;
}
