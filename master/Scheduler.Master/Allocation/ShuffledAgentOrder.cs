namespace Scheduler.Master.Allocation;

/// <summary>Visits agents in a fresh random order every cycle, as Mesos does.</summary>
public sealed class ShuffledAgentOrder(Random random) : IAgentVisitOrder
{
    public IReadOnlyList<string> Order(IReadOnlyList<string> agentIds)
    {
        var shuffled = agentIds.ToArray();
        random.Shuffle(shuffled);
        return shuffled;
    }
}
