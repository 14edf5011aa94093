using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// Records, ages and drops frameworks' refusals of agents' resources (Mesos's offer filters). The filters
/// live with the agent they refuse; each framework keeps which agents it has refused, so dropping its
/// filters touches only those agents.
/// </summary>
internal sealed class RefusalBook(IClock clock, TimeSpan minimumDuration)
{
    /// <summary>
    /// How long a refusal lasts: none without one asked for, 5 s for a negative one, at most 365 days,
    /// and never less than <paramref name="minimumDuration"/> (the allocation interval, as Mesos).
    /// </summary>
    public TimeSpan Duration(TimeSpan? requested)
    {
        var duration = requested switch
        {
            null => TimeSpan.Zero,
            { } negative when negative < TimeSpan.Zero => Allocator.DefaultRefuseDuration,
            { } tooLong when tooLong > Allocator.MaximumRefuseDuration => Allocator.MaximumRefuseDuration,
            { } asked => asked,
        };
        return duration > TimeSpan.Zero && duration < minimumDuration ? minimumDuration : duration;
    }

    public void Refuse(AgentState agent, FrameworkState framework, string role, ResourceSet resources, TimeSpan? requested)
    {
        var duration = Duration(requested);
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        if (!agent.Refusals.TryGetValue(framework.Id, out var refusals))
        {
            refusals = [];
            agent.Refusals[framework.Id] = refusals;
            framework.RefusingAgents.Add(agent.Id);
        }

        refusals.Add(new RefusalFilter(role, agent.Id, resources, clock.Now + duration));
    }

    /// <summary>Drops the refusals whose deadline is at or before <paramref name="lapsedBy"/>.</summary>
    public static void DropExpired(IEnumerable<AgentState> agents, IReadOnlyDictionary<string, FrameworkState> frameworks, DateTimeOffset lapsedBy)
    {
        foreach (var agent in agents)
        {
            if (agent.Refusals.Count == 0)
            {
                continue;
            }

            List<string>? lapsed = null;
            foreach (var (frameworkId, refusals) in agent.Refusals)
            {
                refusals.RemoveAll(refusal => refusal.ExpiresAt <= lapsedBy);
                if (refusals.Count == 0)
                {
                    (lapsed ??= []).Add(frameworkId);
                }
            }

            foreach (var frameworkId in lapsed ?? [])
            {
                agent.Refusals.Remove(frameworkId);
                frameworks[frameworkId].RefusingAgents.Remove(agent.Id);
            }
        }
    }

    /// <summary>Drops every refusal the framework made.</summary>
    public static void DropAll(FrameworkState framework, IReadOnlyDictionary<string, AgentState> agents)
    {
        foreach (var agentId in framework.RefusingAgents)
        {
            agents[agentId].Refusals.Remove(framework.Id);
        }

        framework.RefusingAgents.Clear();
    }

    /// <summary>Drops the refusals the framework made for these roles (Mesos removes a revived role's filters).</summary>
    public static void DropForRoles(FrameworkState framework, IReadOnlySet<string> roles, IReadOnlyDictionary<string, AgentState> agents)
    {
        foreach (var agentId in framework.RefusingAgents.ToList())
        {
            var refusals = agents[agentId].Refusals;
            var ofFramework = refusals[framework.Id];
            ofFramework.RemoveAll(refusal => roles.Contains(refusal.Role));
            if (ofFramework.Count == 0)
            {
                refusals.Remove(framework.Id);
                framework.RefusingAgents.Remove(agentId);
            }
        }
    }
}
