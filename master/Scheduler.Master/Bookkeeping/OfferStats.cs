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
    public int AgentsFilteredLastCycle { get; private set; }
    public NoOfferReason? LastNoOfferReason { get; private set; }

    public void Record(FrameworkAllocationOutcome outcome)
    {
        AgentsFilteredLastCycle = outcome.AgentsFiltered;
        LastNoOfferReason = outcome.Reason;
    }
}
