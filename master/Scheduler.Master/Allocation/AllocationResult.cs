namespace Scheduler.Master.Allocation;

/// <summary>The decisions of one allocation cycle, with the reasons frameworks were passed over.</summary>
public sealed class AllocationResult
{
    private readonly Dictionary<string, FrameworkAllocationOutcome> outcomesById;

    public AllocationResult(
        IReadOnlyList<OfferDecision> offers,
        IReadOnlyList<FrameworkAllocationOutcome> frameworks,
        int agentsVisited)
    {
        Offers = offers;
        Frameworks = frameworks;
        AgentsVisited = agentsVisited;
        outcomesById = frameworks.ToDictionary(outcome => outcome.FrameworkId, StringComparer.Ordinal);
    }

    /// <summary>At most one decision per framework, agent and role, in the order they were made.</summary>
    public IReadOnlyList<OfferDecision> Offers { get; }

    /// <summary>One outcome for every framework known to the allocator.</summary>
    public IReadOnlyList<FrameworkAllocationOutcome> Frameworks { get; }

    /// <summary>Active agents the cycle walked through.</summary>
    public int AgentsVisited { get; }

    public FrameworkAllocationOutcome OutcomeOf(string frameworkId) =>
        outcomesById.TryGetValue(frameworkId, out var outcome)
            ? outcome
            : throw new KeyNotFoundException($"Framework '{frameworkId}' was not part of this allocation.");

    public IEnumerable<OfferDecision> OffersTo(string frameworkId) =>
        Offers.Where(offer => offer.FrameworkId == frameworkId);

    /// <summary>How many frameworks got nothing for this reason.</summary>
    public int CountWithoutOffer(NoOfferReason reason) => Frameworks.Count(outcome => outcome.Reason == reason);
}
