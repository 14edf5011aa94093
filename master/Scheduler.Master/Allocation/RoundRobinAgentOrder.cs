namespace Scheduler.Master.Allocation;

/// <summary>Visits agents in id order, starting one agent further along every cycle. Deterministic.</summary>
public sealed class RoundRobinAgentOrder : IAgentVisitOrder
{
    private long cycle;

    public IReadOnlyList<string> Order(IReadOnlyList<string> agentIds)
    {
        if (agentIds.Count == 0)
        {
            return agentIds;
        }

        var start = (int)(cycle++ % agentIds.Count);
        return agentIds.Skip(start).Concat(agentIds.Take(start)).ToList();
    }
}
