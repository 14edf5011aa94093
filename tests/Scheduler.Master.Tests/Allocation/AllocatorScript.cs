using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

/// <summary>
/// Drives an allocator through a script of bytes, each an operation: cycles, launching tasks from
/// offers, declining offers with and without refusals, ending tasks, suppressing and reviving,
/// deactivating agents and letting time pass. It keeps its own books of what every framework
/// holds on every agent, open offers and running tasks, for properties to check against.
/// </summary>
public sealed class AllocatorScript
{
    private static readonly ResourceSet Task = ResourceSet.Parse("cpus:1;mem:128");

    private readonly ManualClock clock = new();
    private readonly List<OfferDecision> openOffers = [];
    private readonly List<(string FrameworkId, string AgentId, ResourceSet Resources)> tasks = [];
    private readonly string[] frameworkIds = ["fw-a", "fw-b", "fw-c"];
    private readonly string[] agentIds = ["agent-1", "agent-2", "agent-3", "agent-4"];

    public AllocatorScript()
    {
        Allocator = new Allocator(clock, new RoundRobinAgentOrder());
        for (var i = 0; i < agentIds.Length; i++)
        {
            // Whole cpus and 128 MB per cpu: anything left over is either nothing or worth offering.
            Allocator.AddAgent(agentIds[i], ResourceSet.Parse($"cpus:{i + 1};mem:{128 * (i + 1)};ports:[31000-31009]"), agentIds[i]);
        }

        Allocator.AddFramework("fw-a", "web");
        Allocator.AddFramework("fw-b", "web");
        Allocator.AddFramework("fw-c", ["batch", "web"]);
    }

    public Allocator Allocator { get; }

    public IReadOnlyList<string> AgentIds => agentIds;

    public IReadOnlyList<OfferDecision> OpenOffers => openOffers;

    /// <summary>Resources on the agent that are on offer or in use by a task, by the script's books.</summary>
    public ResourceSet HeldOn(string agentId) =>
        openOffers.Where(offer => offer.AgentId == agentId).Select(offer => offer.Resources)
            .Concat(tasks.Where(task => task.AgentId == agentId).Select(task => task.Resources))
            .Aggregate(ResourceSet.Empty, (sum, resources) => sum + resources)
            .Unallocate();

    /// <summary>Runs one operation; <paramref name="check"/> is called with every cycle's result before its offers are kept.</summary>
    public void Step(byte operation, Action<AllocationResult> check)
    {
        var argument = operation >> 3;
        switch (operation & 7)
        {
            case 0:
            case 1:
                var result = Allocator.Allocate();
                check(result);
                openOffers.AddRange(result.Offers);
                break;
            case 2:
                LaunchFromOffer(argument);
                break;
            case 3:
                DeclineOffer(argument, refuseFor: argument % 2 == 0 ? null : TimeSpan.FromSeconds(argument));
                break;
            case 4:
                EndTask(argument);
                break;
            case 5:
                var frameworkId = frameworkIds[argument % frameworkIds.Length];
                if (argument % 2 == 0)
                {
                    Allocator.Suppress(frameworkId);
                }
                else
                {
                    Allocator.Revive(frameworkId);
                }

                break;
            case 6:
                var agentId = agentIds[argument % agentIds.Length];
                if (Allocator.IsAgentActive(agentId))
                {
                    Allocator.DeactivateAgent(agentId);
                }
                else
                {
                    Allocator.ActivateAgent(agentId);
                }

                break;
            default:
                clock.Advance(TimeSpan.FromSeconds(argument));
                break;
        }
    }

    /// <summary>Declines every open offer without a refusal.</summary>
    public void DeclineAll()
    {
        while (openOffers.Count > 0)
        {
            DeclineOffer(0, refuseFor: null);
        }
    }

    /// <summary>Moves the clock past every refusal the script can make.</summary>
    public void LetRefusalsLapse() => clock.Advance(TimeSpan.FromDays(1));

    /// <summary>Revives every framework and activates every agent.</summary>
    public void WakeEverything()
    {
        foreach (var frameworkId in frameworkIds)
        {
            Allocator.Revive(frameworkId);
        }

        foreach (var agentId in agentIds)
        {
            Allocator.ActivateAgent(agentId);
        }
    }

    private void LaunchFromOffer(int index)
    {
        if (openOffers.Count == 0)
        {
            return;
        }

        var offer = openOffers[index % openOffers.Count];
        openOffers.Remove(offer);
        var role = offer.Resources.AllocationRoles()[0];
        var task = Task.Allocate(role);
        var remainder = offer.Resources;
        if (offer.Resources.Contains(task))
        {
            tasks.Add((offer.FrameworkId, offer.AgentId, task));
            remainder -= task;
        }

        Allocator.RecoverResources(offer.FrameworkId, offer.AgentId, remainder, refuseFor: null);
    }

    private void DeclineOffer(int index, TimeSpan? refuseFor)
    {
        if (openOffers.Count == 0)
        {
            return;
        }

        var offer = openOffers[index % openOffers.Count];
        openOffers.Remove(offer);
        Allocator.RecoverResources(offer.FrameworkId, offer.AgentId, offer.Resources, refuseFor);
    }

    private void EndTask(int index)
    {
        if (tasks.Count == 0)
        {
            return;
        }

        var task = tasks[index % tasks.Count];
        tasks.Remove(task);
        Allocator.RecoverResources(task.FrameworkId, task.AgentId, task.Resources, refuseFor: null);
    }
}
