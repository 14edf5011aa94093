using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// An executor the master launched task groups under (Mesos's default executor): where it runs and the resources
/// it holds besides its tasks', given back once none of its tasks is left running.
/// </summary>
public sealed class ExecutorRecord(ExecutorInfo info, string agentId, ResourceSet resources)
{
    public ExecutorInfo Info { get; } = info;
    public string Id => Info.ExecutorId.Value;
    public string AgentId { get; } = agentId;
    public ResourceSet Resources { get; } = resources;
}
