using Scheduler.Resources;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// One role as Mesos's <c>/master/roles</c> describes it, with why its frameworks got what they got:
/// what the allocator held back from it for other roles' quota and how often it passed its frameworks
/// over because they had refused an agent.
/// </summary>
/// <param name="Frameworks">The ids of the frameworks subscribed to the role itself (not to roles below it).</param>
/// <param name="Allocated">What tasks of the role use, with allocation roles.</param>
/// <param name="Offered">What is on offer to frameworks in the role, with allocation roles.</param>
/// <param name="QuotaGuarantee">Scalar quantities guaranteed to the role; empty without quota.</param>
/// <param name="HeldBackLastCycle">Unreserved resources not offered to the role in the last cycle, kept for unmet guarantees.</param>
/// <param name="FrameworksFilteredLastCycle">Times in the last cycle a framework of the role was passed over for its refusal of an agent.</param>
/// <param name="FrameworksFilteredTotal">The same, over every cycle since the master started.</param>
public sealed record RoleSummary(
    string Name,
    double Weight,
    IReadOnlyList<string> Frameworks,
    ResourceSet Allocated,
    ResourceSet Offered,
    IReadOnlyDictionary<string, ScalarValue> QuotaGuarantee,
    ResourceSet HeldBackLastCycle,
    int FrameworksFilteredLastCycle,
    long FrameworksFilteredTotal)
{
    /// <summary>Scalar quantities the role and the roles below it may hold at most together; empty without a limit.</summary>
    public IReadOnlyDictionary<string, ScalarValue> QuotaLimit { get; init; } = new Dictionary<string, ScalarValue>();

    /// <summary>What the role and the roles below it hold (in use or on offer), in scalar quantities: what counts against its quota.</summary>
    public IReadOnlyDictionary<string, double> QuotaConsumed { get; init; } = new Dictionary<string, double>();
}
