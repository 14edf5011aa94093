using Scheduler.Master.Allocation;
using Scheduler.Master.Bookkeeping;
using Scheduler.Resources;

namespace Scheduler.Fuzzing;

/// <summary>
/// What must hold of the master's books after any input: no agent's used or offered resources are negative,
/// offered plus used fit in the agent's total, the outstanding offers add up to what each agent has on offer, and
/// the allocator sees the same totals and allocations as the master.
/// </summary>
public static class CoreInvariants
{
    public static void Check(MasterCore core, Allocator allocator)
    {
        var offeredByAgent = core.Offers.GroupBy(o => o.AgentId)
            .ToDictionary(g => g.Key, g => g.Aggregate(ResourceSet.Empty, (sum, offer) => sum + offer.Resources));
        foreach (var agent in core.Agents)
        {
            NotNegative(agent.Used, $"agent {agent.Id} used");
            NotNegative(agent.Offered, $"agent {agent.Id} offered");
            var held = (agent.Used + agent.Offered).Unallocate();
            if (!agent.Total.Contains(held))
                throw new InvariantViolationException($"agent {agent.Id}: used {agent.Used} + offered {agent.Offered} exceed total {agent.Total}");
            var offered = offeredByAgent.GetValueOrDefault(agent.Id, ResourceSet.Empty);
            if (offered != agent.Offered)
                throw new InvariantViolationException($"agent {agent.Id}: offers add up to {offered} but the agent has {agent.Offered} on offer");
            if (allocator.AgentTotal(agent.Id).Unallocate() != agent.Total.Unallocate())
                throw new InvariantViolationException($"agent {agent.Id}: allocator total {allocator.AgentTotal(agent.Id)} differs from {agent.Total}");
            if (allocator.AgentAllocated(agent.Id).Unallocate() != held)
                throw new InvariantViolationException($"agent {agent.Id}: allocator allocated {allocator.AgentAllocated(agent.Id)} differs from used + offered {held}");
        }
        foreach (var offer in core.Offers)
            if (core.Frameworks.All(f => f.Id != offer.FrameworkId) || core.Agents.All(a => a.Id != offer.AgentId))
                throw new InvariantViolationException($"offer {offer.OfferId} outlived its framework or agent");
    }

    private static void NotNegative(ResourceSet resources, string what)
    {
        foreach (var (name, value) in resources.ScalarQuantities())
            if (value < 0 || double.IsNaN(value))
                throw new InvariantViolationException($"{what}: {name} is {value} ({resources})");
    }
}
