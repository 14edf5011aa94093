namespace Scheduler.Master.Allocation;

/// <summary>
/// What one framework got in an allocation cycle and, agent by agent, why not more.
/// </summary>
/// <param name="OffersMade">Agents whose resources were offered to the framework.</param>
/// <param name="AgentsFiltered">Agents skipped because the framework had refused their resources.</param>
/// <param name="AgentsExhausted">Agents skipped because nothing allocatable was left for the framework's role.</param>
/// <param name="Reason">Why the framework got no offer, or null when it got at least one.</param>
/// <param name="AgentsQuotaLimited">Agents skipped because the framework's role, or a role above it, reached its quota limit.</param>
public sealed record FrameworkAllocationOutcome(
    string FrameworkId,
    int OffersMade,
    int AgentsFiltered,
    int AgentsExhausted,
    NoOfferReason? Reason,
    int AgentsQuotaLimited = 0);
