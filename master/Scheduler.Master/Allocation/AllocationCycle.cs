using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// One allocation cycle: a quota pass that offers agents to roles below their guarantee, then a pass for everyone
/// that holds back what unmet guarantees still need, each walking the agents and, per agent, the roles in sorter
/// order and each role's frameworks in sorter order until one has not refused the agent. Used once.
/// </summary>
internal sealed class AllocationCycle(
    Dictionary<string, AgentState> agents,
    Dictionary<string, FrameworkState> frameworks,
    RoleSorters sorters,
    QuotaGuarantees quotaGuarantees,
    QuotaLimits quotaLimits,
    RoleAllocationStatsBook roleStats)
{
    private readonly List<OfferDecision> offers = new();
    private readonly Dictionary<(string FrameworkId, string AgentId, string Role), int> offerIndex = new();
    private readonly List<string> roles = new();
    private QuotaHeadroom? headroom;

    /// <summary>Walks the agents in <paramref name="visitOrder"/>, all of them active.</summary>
    public AllocationResult Run(IReadOnlyList<string> visitOrder)
    {
        foreach (var framework in frameworks.Values)
        {
            framework.OffersThisCycle = 0;
            framework.RoleOffersThisCycle = 0;
            framework.FilteredThisCycle = 0;
            framework.QuotaLimitedThisCycle = 0;
        }

        roleStats.StartCycle();

        if (quotaGuarantees.Count > 0)
        {
            quotaGuarantees.StartCycle();
            foreach (var agentId in visitOrder)
            {
                if (!quotaGuarantees.AnyOwedThisCycle)
                {
                    break;
                }

                var agent = agents[agentId];
                roles.Clear();
                roles.AddRange(sorters.RoleSorter.Sorted().Where(quotaGuarantees.IsOwedThisCycle));
                foreach (var role in roles)
                {
                    if (AllocateRoleOnAgent(role, agent) && !Allocator.IsAllocatable(agent.Available))
                    {
                        break;
                    }
                }
            }

            headroom = new QuotaHeadroom(quotaGuarantees.OwedInTotalThisCycle, UnallocatedUnreserved());
        }

        foreach (var agentId in visitOrder)
        {
            var agent = agents[agentId];
            roles.Clear();
            roles.AddRange(sorters.RoleSorter.Sorted());
            foreach (var role in roles)
            {
                if (AllocateRoleOnAgent(role, agent) && !Allocator.IsAllocatable(agent.Available))
                {
                    break;
                }
            }
        }

        var outcomes = frameworks.Values.Select(framework => Outcome(framework, visitOrder.Count)).ToList();
        return new AllocationResult(offers, outcomes, visitOrder.Count);
    }

    /// <summary>
    /// Offers what the role may use on the agent to the first framework of the role, in sorter
    /// order, that has not refused it. Every framework behind it sees nothing left. Returns whether it offered anything.
    /// </summary>
    private bool AllocateRoleOnAgent(string role, AgentState agent)
    {
        var offerable = agent.OfferableTo(role);
        if (!Allocator.IsAllocatable(offerable))
        {
            return false;
        }

        if (quotaLimits.Room(role) is { } room)
        {
            offerable = QuotaLimits.Cut(offerable, room);
            if (!Allocator.IsAllocatable(offerable))
            {
                foreach (var frameworkId in sorters.Of(role).Sorted())
                {
                    frameworks[frameworkId].QuotaLimitedThisCycle++;
                }

                return false;
            }
        }

        var owedToRole = headroom is not null && quotaGuarantees.IsOwedThisCycle(role);
        if (headroom is not null && !owedToRole && !headroom.CanGiveAway(offerable))
        {
            var heldBack = roleStats.For(role);
            heldBack.HeldBackLastCycle += offerable.Unreserved();
            return false;
        }

        var sorter = sorters.Of(role);
        FrameworkState? chosen = null;
        var filtered = 0;
        foreach (var frameworkId in sorter.Sorted())
        {
            var candidate = frameworks[frameworkId];
            if (agent.IsRefusedBy(frameworkId, role, offerable))
            {
                candidate.FilteredThisCycle++;
                filtered++;
                continue;
            }

            chosen = candidate;
            break;
        }

        if (filtered > 0)
        {
            var stats = roleStats.For(role);
            stats.FrameworksFilteredLastCycle += filtered;
            stats.FrameworksFilteredTotal += filtered;
        }

        if (chosen is null)
        {
            return false;
        }

        var allocation = offerable.Allocate(role);
        agent.Allocated += offerable;
        sorter.Allocated(chosen.Id, agent.Id, allocation);
        sorters.RoleSorter.Allocated(role, agent.Id, allocation);
        chosen.RoleOffersThisCycle++;

        if (quotaGuarantees.Count > 0)
        {
            quotaGuarantees.Refresh(role);
        }

        headroom?.GaveAway(offerable);

        if (offerIndex.TryGetValue((chosen.Id, agent.Id, role), out var index))
        {
            offers[index] = offers[index] with { Resources = offers[index].Resources + allocation };
        }
        else
        {
            offerIndex[(chosen.Id, agent.Id, role)] = offers.Count;
            offers.Add(new OfferDecision(chosen.Id, agent.Id, allocation));
            chosen.OffersThisCycle++;
        }

        return true;
    }

    /// <summary>
    /// A framework that wants offers is considered for every visited agent once per role: each
    /// time it is offered the agent, filtered, or finds nothing left because someone ahead took it.
    /// </summary>
    private static FrameworkAllocationOutcome Outcome(FrameworkState framework, int agentsVisited)
    {
        var exhausted = framework.RolesWantingOffers > 0
            ? Math.Max(0, (agentsVisited * framework.RolesWantingOffers) - framework.FilteredThisCycle - framework.RoleOffersThisCycle
                - framework.QuotaLimitedThisCycle)
            : 0;
        NoOfferReason? reason = framework.OffersThisCycle > 0 ? null
            : !framework.Active ? NoOfferReason.Inactive
            : framework.IsSuppressed ? NoOfferReason.Suppressed
            : framework.QuotaLimitedThisCycle > 0 ? NoOfferReason.QuotaLimitReached
            : framework.FilteredThisCycle > 0 ? NoOfferReason.Filtered
            : NoOfferReason.NothingLeft;
        return new FrameworkAllocationOutcome(
            framework.Id, framework.OffersThisCycle, framework.FilteredThisCycle, exhausted, reason, framework.QuotaLimitedThisCycle);
    }

    private Dictionary<string, long> UnallocatedUnreserved()
    {
        var unallocated = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var agent in agents.Values.Where(agent => agent.Active))
        {
            foreach (var resource in agent.Available)
            {
                if (resource.Kind == ResourceKind.Scalar && !resource.IsReserved)
                {
                    unallocated[resource.Name] = unallocated.GetValueOrDefault(resource.Name) + resource.Scalar.Thousandths;
                }
            }
        }

        return unallocated;
    }
}
