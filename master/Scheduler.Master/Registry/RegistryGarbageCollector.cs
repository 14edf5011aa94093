using Scheduler.Protocol.Internal;

namespace Scheduler.Master.Registry;

/// <summary>
/// Which unreachable and gone agents the registry forgets, as Mesos's registry GC: each list keeps no agent
/// older than <see cref="MaxAgentAge"/> (<c>--registry_max_agent_age</c>, 2 weeks) and, of the rest, at most
/// <see cref="MaxAgentCount"/> (<c>--registry_max_agent_count</c>, 100 * 1024), dropping the oldest first.
/// A forgotten agent that comes back is admitted like any other.
/// </summary>
public sealed record RegistryGarbageCollector(TimeSpan MaxAgentAge, int MaxAgentCount)
{
    public static readonly RegistryGarbageCollector Default = new(TimeSpan.FromDays(14), 100 * 1024);

    /// <summary>How often the master collects, as Mesos's <c>--registry_gc_interval</c>.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    /// <summary>The agents to forget now, or null when there are none.</summary>
    public RegistryPruned? Select(MasterRegistry registry, DateTimeOffset now)
    {
        var pruned = new RegistryPruned();
        pruned.UnreachableAgentIds.AddRange(Expired(
            registry.UnreachableAgents.Select(a => (a.AgentInfo.Id, TimeInfos.ToDateTimeOffset(a.Timestamp))), now));
        pruned.GoneAgentIds.AddRange(Expired(
            registry.GoneAgents.Select(a => (a.AgentId, TimeInfos.ToDateTimeOffset(a.Timestamp))), now));
        return pruned.UnreachableAgentIds.Count + pruned.GoneAgentIds.Count == 0 ? null : pruned;
    }

    private IEnumerable<Protocol.V1.AgentID> Expired(IEnumerable<(Protocol.V1.AgentID Id, DateTimeOffset Since)> agents, DateTimeOffset now)
    {
        var oldestFirst = agents.OrderBy(a => a.Since).ThenBy(a => a.Id.Value, StringComparer.Ordinal).ToList();
        var tooOld = oldestFirst.Count(a => now - a.Since > MaxAgentAge);
        var tooMany = Math.Max(0, oldestFirst.Count - tooOld - MaxAgentCount);
        return oldestFirst.Take(tooOld + tooMany).Select(a => a.Id);
    }
}
