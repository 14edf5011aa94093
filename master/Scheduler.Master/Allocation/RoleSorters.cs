using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// The allocator's sorters: the role sorter (a tree over hierarchical roles) and one framework sorter per role
/// that has frameworks, each knowing every agent's total. A role gets its sorter with its first framework and
/// loses it with its last; a framework is tracked under its roles and under roles it left while it still holds
/// resources allocated to them.
/// </summary>
internal sealed class RoleSorters
{
    private readonly Func<ISorter> createSorter;
    private readonly Dictionary<string, ISorter> frameworkSorters = new(StringComparer.Ordinal);

    public RoleSorters(Func<ISorter> createSorter)
    {
        this.createSorter = createSorter;
        RoleSorter = new RoleTreeSorter(createSorter);
    }

    /// <summary>Orders the roles; also keeps their weights and what each role and subtree holds.</summary>
    public RoleTreeSorter RoleSorter { get; }

    /// <summary>The roles that currently have frameworks.</summary>
    public IReadOnlyList<string> Roles => frameworkSorters.Keys.ToList();

    /// <summary>The framework sorter of a role that has frameworks.</summary>
    public ISorter Of(string role) => frameworkSorters[role];

    /// <summary>The role's framework sorter, made (knowing every agent's total) when the role has none yet.</summary>
    public ISorter GetOrAdd(string role, IEnumerable<AgentState> agents)
    {
        if (frameworkSorters.TryGetValue(role, out var existing))
        {
            return existing;
        }

        var sorter = createSorter();
        foreach (var agent in agents)
        {
            sorter.AddTotal(agent.Id, agent.Total);
        }

        frameworkSorters[role] = sorter;
        RoleSorter.Add(role);
        RoleSorter.Activate(role);
        return sorter;
    }

    public void AddTotal(string agentId, ResourceSet total)
    {
        RoleSorter.AddTotal(agentId, total);
        foreach (var sorter in frameworkSorters.Values)
        {
            sorter.AddTotal(agentId, total);
        }
    }

    public void ReplaceTotal(string agentId, ResourceSet before, ResourceSet after)
    {
        RoleSorter.RemoveTotal(agentId, before);
        RoleSorter.AddTotal(agentId, after);
        foreach (var sorter in frameworkSorters.Values)
        {
            sorter.RemoveTotal(agentId, before);
            sorter.AddTotal(agentId, after);
        }
    }

    /// <summary>Forgets the agent: its total and every allocation on it.</summary>
    public void RemoveAgent(string agentId, ResourceSet total)
    {
        foreach (var (role, sorter) in frameworkSorters)
        {
            foreach (var (frameworkId, allocation) in sorter.AllocationsOnAgent(agentId))
            {
                sorter.Unallocated(frameworkId, agentId, allocation);
                RoleSorter.Unallocated(role, agentId, allocation);
            }

            sorter.RemoveTotal(agentId, total);
        }

        RoleSorter.RemoveTotal(agentId, total);
    }

    /// <summary>Takes the framework out of the role's sorter, and the role out of the role sorter when it was its last.</summary>
    public void RemoveFramework(string role, string frameworkId)
    {
        var sorter = frameworkSorters[role];
        sorter.Remove(frameworkId);
        if (sorter.Count == 0)
        {
            frameworkSorters.Remove(role);
            RoleSorter.Remove(role);
        }
    }

    public void Allocated(string role, string frameworkId, string agentId, ResourceSet resources)
    {
        frameworkSorters[role].Allocated(frameworkId, agentId, resources);
        RoleSorter.Allocated(role, agentId, resources);
    }

    public void Unallocated(string role, string frameworkId, string agentId, ResourceSet resources)
    {
        frameworkSorters[role].Unallocated(frameworkId, agentId, resources);
        RoleSorter.Unallocated(role, agentId, resources);
    }

    /// <summary>Records in the sorters resources the framework holds; the agent's own books are the caller's.</summary>
    public void TrackAllocated(FrameworkState framework, string agentId, ResourceSet resources)
    {
        foreach (var (role, allocated) in SplitByRole(framework, resources))
        {
            Allocated(role, framework.Id, agentId, allocated);
        }
    }

    /// <summary>Makes the framework active in the sorters of the roles it wants offers for, inactive in the others.</summary>
    public void UpdateActivation(FrameworkState framework)
    {
        foreach (var role in framework.TrackedRoles)
        {
            if (framework.WantsOffersFor(role))
            {
                frameworkSorters[role].Activate(framework.Id);
            }
            else
            {
                frameworkSorters[role].Deactivate(framework.Id);
            }
        }
    }

    /// <summary>Stops tracking the framework under a role it left once it holds nothing there any more.</summary>
    public void UntrackIfReleased(FrameworkState framework, string role)
    {
        if (framework.Roles.Contains(role) || !framework.TrackedRoles.Contains(role))
        {
            return;
        }

        var sorter = frameworkSorters[role];
        if (sorter.Allocation(framework.Id).Values.Any(allocation => !allocation.IsEmpty))
        {
            return;
        }

        RemoveFramework(role, framework.Id);
        framework.TrackedRoles.Remove(role);
    }

    /// <summary>
    /// Groups resources by the framework role they are allocated to. Resources without an
    /// allocation role, or allocated to a role the framework is not tracked under, go to its first role.
    /// </summary>
    public static IEnumerable<(string Role, ResourceSet Allocated)> SplitByRole(FrameworkState framework, ResourceSet resources)
    {
        var byRole = new Dictionary<string, ResourceSet>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            var role = resource.AllocationRole is { } allocationRole && framework.TrackedRoles.Contains(allocationRole)
                ? allocationRole
                : framework.Roles[0];
            byRole[role] = byRole.GetValueOrDefault(role, ResourceSet.Empty) + resource.WithAllocation(role);
        }

        return byRole.Select(pair => (pair.Key, pair.Value));
    }
}
