using Scheduler.Master.Allocation;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Why a framework gets what it gets: offers made, declined and rescinded, tasks launched and refused, and
/// what the allocator said about it in its last cycle (agents it had filtered, the reason it got nothing).
/// </summary>
public sealed class OfferStats
{
    public long OffersMade { get; set; }
    public long OffersDeclined { get; set; }
    public long OffersRescinded { get; set; }
    public long TasksLaunched { get; set; }
    public long TasksRefused { get; set; }

    /// <summary>RESERVE and UNRESERVE operations dropped as invalid.</summary>
    public long OperationsDropped { get; set; }
    public int AgentsFilteredLastCycle { get; private set; }

    /// <summary>Agents not offered in the last cycle because the framework's role reached its quota limit.</summary>
    public int AgentsQuotaLimitedLastCycle { get; private set; }
    public NoOfferReason? LastNoOfferReason { get; private set; }

    public void Record(FrameworkAllocationOutcome outcome)
    {
        AgentsFilteredLastCycle = outcome.AgentsFiltered;
        AgentsQuotaLimitedLastCycle = outcome.AgentsQuotaLimited;
        LastNoOfferReason = outcome.Reason;
    }
}
