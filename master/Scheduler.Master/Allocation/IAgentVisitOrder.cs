namespace Scheduler.Master.Allocation;

/// <summary>Decides in which order an allocation cycle walks the agents.</summary>
public interface IAgentVisitOrder
{
    /// <param name="agentIds">The agents to visit, in ordinal order of their ids.</param>
    IReadOnlyList<string> Order(IReadOnlyList<string> agentIds);
}
