using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// Decides which framework is offered which agent's resources, after Mesos's hierarchical
/// allocator: roles are ordered by a weighted DRF sorter, frameworks within a role by a
/// DRF sorter of their own. Each cycle walks the active agents and gives every agent's
/// remaining resources to the most deserving framework that has not refused them.
/// Not thread-safe: the owner serialises calls.
/// </summary>
public sealed partial class Allocator
{
    public static readonly TimeSpan DefaultRefuseDuration = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaximumRefuseDuration = TimeSpan.FromDays(365);

    // Mesos's default minimum allocatable resources: an offer needs some cpus or some memory.
    private static readonly ScalarValue MinimumCpus = ScalarValue.FromThousandths(10);
    private static readonly ScalarValue MinimumMemMegabytes = ScalarValue.FromUnits(32);

    private readonly IClock clock;
    private readonly IAgentVisitOrder agentVisitOrder;
    private readonly Func<ISorter> createSorter;
    private readonly RoleTreeSorter roleSorter;
    private readonly Dictionary<string, ISorter> frameworkSorters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentState> agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FrameworkState> frameworks = new(StringComparer.Ordinal);
    private readonly TimeSpan minimumRefuseDuration;
    private readonly RefusalBook refusals;
    private readonly QuotaGuarantees quotaGuarantees;
    private readonly QuotaLimits quotaLimits;
    private readonly Dictionary<string, RoleAllocationStats> roleStats = new(StringComparer.Ordinal);
    private List<string>? activeAgentIdsInOrder;
    private DateTimeOffset previousCycleAt = DateTimeOffset.MinValue;

    /// <param name="clock">Time source for refusal filters.</param>
    /// <param name="agentVisitOrder">Order of agents in a cycle; shuffled by default, as in Mesos.</param>
    /// <param name="createSorter">Makes the role sorter and each role's framework sorter; DRF by default.</param>
    /// <param name="allocationInterval">
    /// How often the owner runs cycles, when it runs them on a timer. As in Mesos, a refusal then
    /// lasts at least this long and still holds for the first cycle after its deadline, so one
    /// shorter than the interval is never lost between two cycles. Without it a refusal lapses
    /// at its deadline.
    /// </param>
    public Allocator(
        IClock clock,
        IAgentVisitOrder? agentVisitOrder = null,
        Func<ISorter>? createSorter = null,
        TimeSpan? allocationInterval = null)
    {
        this.clock = clock;
        this.agentVisitOrder = agentVisitOrder ?? new ShuffledAgentOrder(new Random());
        this.createSorter = createSorter ?? (() => new DrfSorter());
        minimumRefuseDuration = allocationInterval ?? TimeSpan.Zero;
        refusals = new RefusalBook(clock, minimumRefuseDuration);
        roleSorter = new RoleTreeSorter(this.createSorter);
        quotaGuarantees = new QuotaGuarantees(role => roleSorter.Contains(role)
            ? roleSorter.AllocationScalarQuantities(role)
            : new Dictionary<string, double>());
        quotaLimits = new QuotaLimits(roleSorter.SubtreeScalarQuantities);
    }

    public IReadOnlyList<string> AgentIds => agents.Keys.ToList();

    public IReadOnlyList<string> FrameworkIds => frameworks.Keys.ToList();

    /// <summary>The roles that currently have frameworks.</summary>
    public IReadOnlyList<string> Roles => frameworkSorters.Keys.ToList();

    /// <summary>
    /// Every role the allocator knows of: those with frameworks and the roles above them, and those with
    /// a weight, a quota guarantee or a quota limit; in name order.
    /// </summary>
    public IReadOnlyList<string> KnownRoles =>
        roleSorter.Paths.Concat(roleSorter.WeightedPaths).Concat(quotaGuarantees.Roles).Concat(quotaLimits.Roles)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public ResourceSet ClusterTotal => agents.Values.Aggregate(ResourceSet.Empty, (sum, agent) => sum + agent.Total);

    /// <summary>
    /// Adds an agent. <paramref name="used"/> lists, by framework id, what the agent reports as
    /// already in use; it is never offered, and counts towards a framework's share once the
    /// framework is known.
    /// </summary>
    public void AddAgent(string agentId, ResourceSet total, string hostname, IReadOnlyDictionary<string, ResourceSet>? used = null)
    {
        if (agents.ContainsKey(agentId))
        {
            throw new InvalidOperationException($"Agent '{agentId}' was already added.");
        }

        var agent = new AgentState(agentId, total.Unallocate(), hostname);
        agents[agentId] = agent;
        activeAgentIdsInOrder = null;
        roleSorter.AddTotal(agentId, agent.Total);
        foreach (var sorter in frameworkSorters.Values)
        {
            sorter.AddTotal(agentId, agent.Total);
        }

        foreach (var (frameworkId, resources) in used ?? new Dictionary<string, ResourceSet>())
        {
            agent.Allocated += resources.Unallocate();
            if (frameworks.TryGetValue(frameworkId, out var framework))
            {
                TrackAllocated(framework, agentId, resources);
            }
            else
            {
                agent.UnattributedUse[frameworkId] =
                    agent.UnattributedUse.GetValueOrDefault(frameworkId, ResourceSet.Empty) + resources.Unallocate();
            }
        }
    }

    /// <summary>Removes an agent; its resources, and every allocation and filter on it, are forgotten.</summary>
    public void RemoveAgent(string agentId)
    {
        var agent = GetAgent(agentId);
        foreach (var (role, sorter) in frameworkSorters)
        {
            foreach (var (frameworkId, allocation) in sorter.AllocationsOnAgent(agentId))
            {
                sorter.Unallocated(frameworkId, agentId, allocation);
                roleSorter.Unallocated(role, agentId, allocation);
            }

            sorter.RemoveTotal(agentId, agent.Total);
        }

        roleSorter.RemoveTotal(agentId, agent.Total);
        foreach (var frameworkId in agent.Refusals.Keys)
        {
            frameworks[frameworkId].RefusingAgents.Remove(agentId);
        }

        foreach (var framework in frameworks.Values)
        {
            foreach (var role in framework.TrackedRoles.Except(framework.Roles).ToList())
            {
                UntrackIfReleased(framework, role);
            }
        }

        agents.Remove(agentId);
        activeAgentIdsInOrder = null;
    }

    /// <summary>Makes a deactivated agent's resources offerable again.</summary>
    public void ActivateAgent(string agentId)
    {
        GetAgent(agentId).Active = true;
        activeAgentIdsInOrder = null;
    }

    /// <summary>Stops offering the agent's resources (for example while it is disconnected); its allocations stay.</summary>
    public void DeactivateAgent(string agentId)
    {
        GetAgent(agentId).Active = false;
        activeAgentIdsInOrder = null;
    }

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
            var sorter = SorterForRole(role);
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
                TrackAllocated(framework, agent.Id, unattributed);
            }
        }
    }

    /// <summary>Removes a framework and releases everything allocated to it back to its agents.</summary>
    public void RemoveFramework(string frameworkId)
    {
        var framework = GetFramework(frameworkId);
        foreach (var role in framework.TrackedRoles)
        {
            var sorter = frameworkSorters[role];
            foreach (var (agentId, allocation) in sorter.Allocation(frameworkId))
            {
                roleSorter.Unallocated(role, agentId, allocation);
                if (agents.TryGetValue(agentId, out var agent))
                {
                    agent.Allocated -= allocation.Unallocate();
                }
            }

            sorter.Remove(frameworkId);
            if (sorter.Count == 0)
            {
                frameworkSorters.Remove(role);
                roleSorter.Remove(role);
            }
        }

        RefusalBook.DropAll(framework, agents);
        frameworks.Remove(frameworkId);
    }

    public void ActivateFramework(string frameworkId)
    {
        var framework = GetFramework(frameworkId);
        framework.Active = true;
        UpdateSorterActivation(framework);
    }

    /// <summary>Stops offers to a framework (for example while disconnected) and drops its filters, as Mesos does.</summary>
    public void DeactivateFramework(string frameworkId)
    {
        var framework = GetFramework(frameworkId);
        framework.Active = false;
        RefusalBook.DropAll(framework, agents);
        UpdateSorterActivation(framework);
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
        UpdateSorterActivation(framework);
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
        UpdateSorterActivation(framework);
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
                SorterForRole(role).Add(frameworkId);
            }
        }

        framework.SuppressedRoles.Clear();
        framework.SuppressedRoles.UnionWith(suppressedRoles);
        RefusalBook.DropForRoles(framework, droppedFilters, agents);
        UpdateSorterActivation(framework);
        foreach (var role in removed)
        {
            UntrackIfReleased(framework, role);
        }
    }

    /// <summary>Sets a role's weight; a role of weight 2 is entitled to twice the dominant share of a role of weight 1.</summary>
    public void UpdateRoleWeight(string role, double weight)
    {
        var error = RoleName.Validate(role);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(role));
        }

        roleSorter.UpdateWeight(role, weight);
    }

    public double RoleWeight(string role) => roleSorter.Weight(role);

    /// <summary>
    /// Guarantees the role these scalar quantities of unreserved resources, as Mesos's quota: each cycle
    /// first offers agents to roles below their guarantee, and holds back from other roles whatever unmet
    /// guarantees still need, even for roles that have no framework yet. Empty removes the guarantee.
    /// </summary>
    public void SetQuotaGuarantee(string role, ResourceSet guarantee)
    {
        var error = RoleName.Validate(role);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(role));
        }

        quotaGuarantees.Set(role, guarantee);
    }

    public IReadOnlyDictionary<string, ScalarValue> QuotaGuarantee(string role) => quotaGuarantees.Of(role);

    /// <summary>
    /// Caps what the role and every role below it hold together, by scalar name, as Mesos's quota limits: each
    /// cycle cuts the unreserved scalars offered to the role (or to a role below it) so that what it holds plus
    /// what it is offered stays within the limit. Resources not named are not limited. Empty removes the limit.
    /// </summary>
    public void SetQuotaLimit(string role, IReadOnlyDictionary<string, ScalarValue> limit)
    {
        var error = RoleName.Validate(role);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(role));
        }

        quotaLimits.Set(role, limit);
    }

    public IReadOnlyDictionary<string, ScalarValue> QuotaLimit(string role) => quotaLimits.Of(role);

    /// <summary>
    /// Gives back resources a framework held on an agent: a declined or rescinded offer, the unused
    /// part of an accepted one, or the resources of a task that ended. With <paramref name="refuseFor"/>
    /// the framework is not offered that agent's resources again for that long while the agent has no
    /// more than these to offer (negative means the 5 s default; zero means no filter; capped at 365 days).
    /// Resources without an allocation role are taken to be allocated to the framework's role.
    /// Resources the framework does not hold, or of unknown frameworks and agents, are ignored.
    /// </summary>
    public void RecoverResources(string frameworkId, string agentId, ResourceSet resources, TimeSpan? refuseFor)
    {
        if (resources.IsEmpty)
        {
            return;
        }

        agents.TryGetValue(agentId, out var agent);
        if (!frameworks.TryGetValue(frameworkId, out var framework))
        {
            ReleaseUnattributed(agent, frameworkId, resources);
            return;
        }

        foreach (var (role, allocated) in SplitByRole(framework, resources))
        {
            var sorter = frameworkSorters[role];
            var released = Overlap(allocated, sorter.Allocation(frameworkId, agentId));
            if (!released.IsEmpty)
            {
                sorter.Unallocated(frameworkId, agentId, released);
                roleSorter.Unallocated(role, agentId, released);
                if (agent is not null)
                {
                    agent.Allocated -= released.Unallocate();
                }
            }

            if (agent is not null && framework.Roles.Contains(role))
            {
                refusals.Refuse(agent, framework, role, allocated.Unallocate(), refuseFor);
            }

            UntrackIfReleased(framework, role);
        }
    }

    /// <summary>
    /// Converts part of what a framework holds on an agent, as a RESERVE or UNRESERVE of an offer does:
    /// <paramref name="consumed"/> leaves the framework's allocation and the agent's total, and
    /// <paramref name="converted"/> (the same quantities, reserved differently) takes its place.
    /// </summary>
    public void UpdateAllocation(string frameworkId, string agentId, ResourceSet consumed, ResourceSet converted)
    {
        var agent = GetAgent(agentId);
        var framework = GetFramework(frameworkId);
        foreach (var (role, allocated) in SplitByRole(framework, consumed))
        {
            frameworkSorters[role].Unallocated(frameworkId, agentId, allocated);
            roleSorter.Unallocated(role, agentId, allocated);
        }

        ReplaceTotal(agent, agent.Total - consumed.Unallocate() + converted.Unallocate());
        agent.Allocated = agent.Allocated - consumed.Unallocate() + converted.Unallocate();
        TrackAllocated(framework, agentId, converted);
    }

    /// <summary>
    /// Converts resources an agent has free (an operator's RESERVE or UNRESERVE): <paramref name="consumed"/>
    /// leaves the agent's total and <paramref name="converted"/> takes its place. Returns false, changing
    /// nothing, when the agent does not have <paramref name="consumed"/> free.
    /// </summary>
    public bool UpdateAvailable(string agentId, ResourceSet consumed, ResourceSet converted)
    {
        var agent = GetAgent(agentId);
        if (!agent.Available.Contains(consumed.Unallocate()))
        {
            return false;
        }

        ReplaceTotal(agent, agent.Total - consumed.Unallocate() + converted.Unallocate());
        return true;
    }

    public string AgentHostname(string agentId) => GetAgent(agentId).Hostname;

    public bool IsAgentActive(string agentId) => GetAgent(agentId).Active;

    public ResourceSet AgentTotal(string agentId) => GetAgent(agentId).Total;

    /// <summary>What is in use or on offer on the agent, without allocation roles.</summary>
    public ResourceSet AgentAllocated(string agentId) => GetAgent(agentId).Allocated;

    public ResourceSet AgentAvailable(string agentId) => GetAgent(agentId).Available;

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
            .SelectMany(role => frameworkSorters[role].Allocation(frameworkId).Values)
            .Aggregate(ResourceSet.Empty, (sum, resources) => sum + resources);

    public ResourceSet FrameworkAllocation(string frameworkId, string agentId) =>
        GetFramework(frameworkId).TrackedRoles
            .Select(role => frameworkSorters[role].Allocation(frameworkId, agentId))
            .Aggregate(ResourceSet.Empty, (sum, resources) => sum + resources);

    /// <summary>Everything allocated to frameworks of the role, on every agent.</summary>
    public ResourceSet RoleAllocation(string role) =>
        roleSorter.Contains(role)
            ? roleSorter.Allocation(role).Values.Aggregate(ResourceSet.Empty, (sum, resources) => sum + resources)
            : ResourceSet.Empty;

    /// <summary>What the allocator held back from the role and how often it passed over the role's frameworks.</summary>
    public RoleAllocationStats RoleStats(string role) => roleStats.GetValueOrDefault(role) ?? new RoleAllocationStats();

    /// <summary>What the role and every role below it hold (<c>eng</c> includes <c>eng/batch</c>), in scalar quantities.</summary>
    public IReadOnlyDictionary<string, double> RoleSubtreeScalarQuantities(string role) => roleSorter.SubtreeScalarQuantities(role);

    /// <summary>The role's dominant share of the cluster, before weighting.</summary>
    public double RoleDominantShare(string role) =>
        roleSorter.Contains(role)
            ? DominantShare.Compute(roleSorter.AllocationScalarQuantities(role), roleSorter.TotalScalarQuantities)
            : 0.0;

    /// <summary>The framework's dominant share of the cluster across its roles.</summary>
    public double FrameworkDominantShare(string frameworkId) =>
        DominantShare.Compute(FrameworkAllocation(frameworkId).ScalarQuantities(), roleSorter.TotalScalarQuantities);

    /// <summary>Whether an offer of these resources is worth making: some cpus or some memory, as Mesos requires.</summary>
    public static bool IsAllocatable(ResourceSet resources) =>
        resources.ScalarTotal(WellKnownResources.Cpus) >= MinimumCpus
        || resources.ScalarTotal(WellKnownResources.Mem) >= MinimumMemMegabytes;

    private List<string> ActiveAgentIdsInOrder() =>
        activeAgentIdsInOrder ??= agents.Values
            .Where(agent => agent.Active)
            .Select(agent => agent.Id)
            .Order(StringComparer.Ordinal)
            .ToList();

    private ISorter SorterForRole(string role)
    {
        if (frameworkSorters.TryGetValue(role, out var existing))
        {
            return existing;
        }

        var sorter = createSorter();
        foreach (var agent in agents.Values)
        {
            sorter.AddTotal(agent.Id, agent.Total);
        }

        frameworkSorters[role] = sorter;
        roleSorter.Add(role);
        roleSorter.Activate(role);
        return sorter;
    }

    private void UpdateSorterActivation(FrameworkState framework)
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

    /// <summary>Records in the sorters resources the framework holds; the agent's own books are the caller's.</summary>
    private void TrackAllocated(FrameworkState framework, string agentId, ResourceSet resources)
    {
        foreach (var (role, allocated) in SplitByRole(framework, resources))
        {
            frameworkSorters[role].Allocated(framework.Id, agentId, allocated);
            roleSorter.Allocated(role, agentId, allocated);
        }
    }

    /// <summary>
    /// Groups resources by the framework role they are allocated to. Resources without an
    /// allocation role, or allocated to a role the framework is not tracked under, go to its first role.
    /// </summary>
    private static IEnumerable<(string Role, ResourceSet Allocated)> SplitByRole(FrameworkState framework, ResourceSet resources)
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

    /// <summary>Stops tracking the framework under a role it left once it holds nothing there any more.</summary>
    private void UntrackIfReleased(FrameworkState framework, string role)
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

        sorter.Remove(framework.Id);
        framework.TrackedRoles.Remove(role);
        if (sorter.Count == 0)
        {
            frameworkSorters.Remove(role);
            roleSorter.Remove(role);
        }
    }

    private static void RequireSubscribed(FrameworkState framework, IEnumerable<string> roles)
    {
        var unknown = roles.Where(role => !framework.Roles.Contains(role)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Roles {string.Join(", ", unknown)} are not roles of framework '{framework.Id}'.", nameof(roles));
        }
    }

    private static void ReleaseUnattributed(AgentState? agent, string frameworkId, ResourceSet resources)
    {
        if (agent is null || !agent.UnattributedUse.TryGetValue(frameworkId, out var unattributed))
        {
            return;
        }

        var released = Overlap(resources.Unallocate(), unattributed);
        agent.Allocated -= released;
        var remaining = unattributed - released;
        if (remaining.IsEmpty)
        {
            agent.UnattributedUse.Remove(frameworkId);
        }
        else
        {
            agent.UnattributedUse[frameworkId] = remaining;
        }
    }

    /// <summary>The part of <paramref name="resources"/> that <paramref name="held"/> actually has.</summary>
    private static ResourceSet Overlap(ResourceSet resources, ResourceSet held) => resources - (resources - held);

    private void ReplaceTotal(AgentState agent, ResourceSet total)
    {
        roleSorter.RemoveTotal(agent.Id, agent.Total);
        roleSorter.AddTotal(agent.Id, total);
        foreach (var sorter in frameworkSorters.Values)
        {
            sorter.RemoveTotal(agent.Id, agent.Total);
            sorter.AddTotal(agent.Id, total);
        }

        agent.Total = total;
    }

    private AgentState GetAgent(string agentId) =>
        agents.TryGetValue(agentId, out var agent)
            ? agent
            : throw new KeyNotFoundException($"Agent '{agentId}' is not known to the allocator.");

    private FrameworkState GetFramework(string frameworkId) =>
        frameworks.TryGetValue(frameworkId, out var framework)
            ? framework
            : throw new KeyNotFoundException($"Framework '{frameworkId}' is not known to the allocator.");
}
