using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// Frameworks in the allocator: adding and removing them, their activation, suppression and revival of offers
/// per role, UPDATE_FRAMEWORK of their roles, and what they hold.
/// </summary>
public sealed partial class Allocator
{
    public void AddFramework(string frameworkId, string role, bool active = true) =>
        AddFramework(frameworkId, [role], active);

    /// <summary>
    /// Adds a framework subscribed to one or more roles, with offers for <paramref name="suppressedRoles"/>
    /// suppressed from the start. Resources that agents reported in use by it before it was known now count
    /// towards its share.
    /// </summary>
    public void AddFramework(
        string frameworkId,
        IReadOnlyCollection<string> roles,
        bool active = true,
        IReadOnlyCollection<string>? suppressedRoles = null)
    {
        if (frameworks.ContainsKey(frameworkId))
        {
            throw new InvalidOperationException($"Framework '{frameworkId}' was already added.");
        }

        var distinctRoles = roles.Distinct(StringComparer.Ordinal).ToList();
        if (distinctRoles.Count == 0)
        {
            throw new ArgumentException($"Framework '{frameworkId}' needs at least one role.", nameof(roles));
        }

        foreach (var role in distinctRoles)
        {
            var error = RoleName.Validate(role);
            if (error is not null)
            {
                throw new ArgumentException(error, nameof(roles));
            }
        }

        var framework = new FrameworkState(frameworkId, distinctRoles, active);
        RequireSubscribed(framework, suppressedRoles ?? []);
        framework.SuppressedRoles.UnionWith(suppressedRoles ?? []);
        frameworks[frameworkId] = framework;
        foreach (var role in distinctRoles)
        {
            var sorter = sorters.GetOrAdd(role, agents.Values);
            sorter.Add(frameworkId);
            if (framework.WantsOffersFor(role))
            {
                sorter.Activate(frameworkId);
            }
        }

        foreach (var agent in agents.Values)
        {
            if (agent.UnattributedUse.Remove(frameworkId, out var unattributed))
            {
                sorters.TrackAllocated(framework, agent.Id, unattributed);
            }
        }
    }

    /// <summary>Removes a framework and releases everything allocated to it back to its agents.</summary>
    public void RemoveFramework(string frameworkId)
    {
        var framework = GetFramework(frameworkId);
        foreach (var role in framework.TrackedRoles)
        {
            var sorter = sorters.Of(role);
            foreach (var (agentId, allocation) in sorter.Allocation(frameworkId))
            {
                sorters.RoleSorter.Unallocated(role, agentId, allocation);
                if (agents.TryGetValue(agentId, out var agent))
                {
                    agent.Allocated -= allocation.Unallocate();
                }
            }

            sorters.RemoveFramework(role, frameworkId);
        }

        RefusalBook.DropAll(framework, agents);
        frameworks.Remove(frameworkId);
    }

    public void ActivateFramework(string frameworkId)
    {
        var framework = GetFramework(frameworkId);
        framework.Active = true;
        sorters.UpdateActivation(framework);
    }

    /// <summary>Stops offers to a framework (for example while disconnected) and drops its filters, as Mesos does.</summary>
    public void DeactivateFramework(string frameworkId)
    {
        var framework = GetFramework(frameworkId);
        framework.Active = false;
        RefusalBook.DropAll(framework, agents);
        sorters.UpdateActivation(framework);
    }

    /// <summary>
    /// Stops offers to the framework for these roles until it revives them; none named means all its roles,
    /// as Mesos's SUPPRESS. Its other roles keep being offered.
    /// </summary>
    public void Suppress(string frameworkId, IReadOnlyCollection<string>? roles = null)
    {
        var framework = GetFramework(frameworkId);
        var suppressed = roles is { Count: > 0 } ? roles : framework.Roles;
        RequireSubscribed(framework, suppressed);
        framework.SuppressedRoles.UnionWith(suppressed);
        sorters.UpdateActivation(framework);
    }

    /// <summary>
    /// Resumes offers to the framework for these roles and drops its refusal filters for them; none named
    /// means all its roles, as Mesos's REVIVE.
    /// </summary>
    public void Revive(string frameworkId, IReadOnlyCollection<string>? roles = null)
    {
        var framework = GetFramework(frameworkId);
        var revived = new HashSet<string>(roles is { Count: > 0 } ? roles : framework.Roles, StringComparer.Ordinal);
        RequireSubscribed(framework, revived);
        framework.SuppressedRoles.ExceptWith(revived);
        RefusalBook.DropForRoles(framework, revived, agents);
        sorters.UpdateActivation(framework);
    }

    /// <summary>
    /// Changes the framework's roles and suppressed roles, as Mesos's UPDATE_FRAMEWORK: it is offered its new
    /// roles, no longer offered the roles it left (whose filters are dropped; what it holds in them stays
    /// allocated to them until released), and its suppressed roles become exactly <paramref name="suppressedRoles"/>;
    /// roles that stop being suppressed lose their filters, as on REVIVE.
    /// </summary>
    public void UpdateFramework(string frameworkId, IReadOnlyCollection<string> roles, IReadOnlyCollection<string> suppressedRoles)
    {
        var framework = GetFramework(frameworkId);
        var newRoles = roles.Distinct(StringComparer.Ordinal).ToList();
        if (newRoles.Count == 0)
        {
            throw new ArgumentException($"Framework '{frameworkId}' needs at least one role.", nameof(roles));
        }

        foreach (var role in newRoles)
        {
            var error = RoleName.Validate(role);
            if (error is not null)
            {
                throw new ArgumentException(error, nameof(roles));
            }
        }

        var outside = suppressedRoles.Except(newRoles, StringComparer.Ordinal).ToList();
        if (outside.Count > 0)
        {
            throw new ArgumentException(
                $"Suppressed roles {string.Join(", ", outside)} are not roles of framework '{frameworkId}'.", nameof(suppressedRoles));
        }

        var droppedFilters = framework.Roles.Except(newRoles, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var removed = droppedFilters.ToList();
        droppedFilters.UnionWith(framework.SuppressedRoles.Where(role => newRoles.Contains(role) && !suppressedRoles.Contains(role)));
        framework.Roles = newRoles;
        foreach (var role in newRoles)
        {
            if (framework.TrackedRoles.Add(role))
            {
                sorters.GetOrAdd(role, agents.Values).Add(frameworkId);
            }
        }

        framework.SuppressedRoles.Clear();
        framework.SuppressedRoles.UnionWith(suppressedRoles);
        RefusalBook.DropForRoles(framework, droppedFilters, agents);
        sorters.UpdateActivation(framework);
        foreach (var role in removed)
        {
            sorters.UntrackIfReleased(framework, role);
        }
    }

    public bool IsFrameworkActive(string frameworkId) => GetFramework(frameworkId).Active;

    /// <summary>Whether the framework suppressed offers for every one of its roles.</summary>
    public bool IsSuppressed(string frameworkId) => GetFramework(frameworkId).IsSuppressed;

    /// <summary>The framework's roles for which it suppressed offers, in name order.</summary>
    public IReadOnlyList<string> SuppressedRoles(string frameworkId) =>
        GetFramework(frameworkId).SuppressedRoles.Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> FrameworkRoles(string frameworkId) => GetFramework(frameworkId).Roles;

    /// <summary>Everything allocated to the framework on every agent, with allocation roles.</summary>
    public ResourceSet FrameworkAllocation(string frameworkId) =>
        GetFramework(frameworkId).TrackedRoles
            .SelectMany(role => sorters.Of(role).Allocation(frameworkId).Values)
            .Aggregate(ResourceSet.Empty, (sum, resources) => sum + resources);

    public ResourceSet FrameworkAllocation(string frameworkId, string agentId) =>
        GetFramework(frameworkId).TrackedRoles
            .Select(role => sorters.Of(role).Allocation(frameworkId, agentId))
            .Aggregate(ResourceSet.Empty, (sum, resources) => sum + resources);

    /// <summary>The framework's dominant share of the cluster across its roles.</summary>
    public double FrameworkDominantShare(string frameworkId) =>
        DominantShare.Compute(FrameworkAllocation(frameworkId).ScalarQuantities(), sorters.RoleSorter.TotalScalarQuantities);

    private static void RequireSubscribed(FrameworkState framework, IEnumerable<string> roles)
    {
        var unknown = roles.Where(role => !framework.Roles.Contains(role)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Roles {string.Join(", ", unknown)} are not roles of framework '{framework.Id}'.", nameof(roles));
        }
    }
}
