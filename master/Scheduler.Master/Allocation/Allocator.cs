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
    private readonly Dictionary<string, AgentState> agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FrameworkState> frameworks = new(StringComparer.Ordinal);
    private readonly TimeSpan minimumRefuseDuration;
    private readonly RefusalBook refusals;
    private readonly RoleSorters sorters;
    private readonly RoleSettings roleSettings;
    private readonly RoleAllocationStatsBook roleStats = new();
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
        minimumRefuseDuration = allocationInterval ?? TimeSpan.Zero;
        refusals = new RefusalBook(clock, minimumRefuseDuration);
        sorters = new RoleSorters(createSorter ?? (() => new DrfSorter()));
        roleSettings = new RoleSettings(sorters.RoleSorter);
    }

    public IReadOnlyList<string> AgentIds => agents.Keys.ToList();

    public IReadOnlyList<string> FrameworkIds => frameworks.Keys.ToList();

    /// <summary>The roles that currently have frameworks.</summary>
    public IReadOnlyList<string> Roles => sorters.Roles;

    /// <summary>
    /// Every role the allocator knows of: those with frameworks and the roles above them, and those with
    /// a weight, a quota guarantee or a quota limit; in name order.
    /// </summary>
    public IReadOnlyList<string> KnownRoles => roleSettings.KnownRoles;

    public ResourceSet ClusterTotal => agents.Values.Aggregate(ResourceSet.Empty, (sum, agent) => sum + agent.Total);

    /// <summary>
    /// Runs one allocation cycle. Every active agent's remaining resources go, role by role in
    /// sorter order, to the first framework of the role that wants offers and has not refused
    /// them. A framework in several roles gets one offer per agent and role, as Mesos's
    /// multi-role frameworks do.
    /// </summary>
    public AllocationResult Allocate()
    {
        var now = clock.Now;
        RefusalBook.DropExpired(agents.Values, frameworks, minimumRefuseDuration > TimeSpan.Zero ? previousCycleAt : now);
        previousCycleAt = now;
        var cycle = new AllocationCycle(agents, frameworks, sorters, roleSettings.Guarantees, roleSettings.Limits, roleStats);
        return cycle.Run(agentVisitOrder.Order(ActiveAgentIdsInOrder()));
    }

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
        sorters.AddTotal(agentId, agent.Total);

        foreach (var (frameworkId, resources) in used ?? new Dictionary<string, ResourceSet>())
        {
            agent.Allocated += resources.Unallocate();
            if (frameworks.TryGetValue(frameworkId, out var framework))
            {
                sorters.TrackAllocated(framework, agentId, resources);
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
        sorters.RemoveAgent(agentId, agent.Total);
        foreach (var frameworkId in agent.Refusals.Keys)
        {
            frameworks[frameworkId].RefusingAgents.Remove(agentId);
        }

        foreach (var framework in frameworks.Values)
        {
            foreach (var role in framework.TrackedRoles.Except(framework.Roles).ToList())
            {
                sorters.UntrackIfReleased(framework, role);
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

    /// <summary>Sets a role's weight; a role of weight 2 is entitled to twice the dominant share of a role of weight 1.</summary>
    public void UpdateRoleWeight(string role, double weight) => roleSettings.SetWeight(role, weight);

    public double RoleWeight(string role) => roleSettings.Weight(role);

    /// <summary>
    /// Guarantees the role these scalar quantities of unreserved resources, as Mesos's quota: each cycle
    /// first offers agents to roles below their guarantee, and holds back from other roles whatever unmet
    /// guarantees still need, even for roles that have no framework yet. Empty removes the guarantee.
    /// </summary>
    public void SetQuotaGuarantee(string role, ResourceSet guarantee) => roleSettings.SetQuotaGuarantee(role, guarantee);

    public IReadOnlyDictionary<string, ScalarValue> QuotaGuarantee(string role) => roleSettings.QuotaGuarantee(role);

    /// <summary>
    /// Caps what the role and every role below it hold together, by scalar name, as Mesos's quota limits: each
    /// cycle cuts the unreserved scalars offered to the role (or to a role below it) so that what it holds plus
    /// what it is offered stays within the limit. Resources not named are not limited. Empty removes the limit.
    /// </summary>
    public void SetQuotaLimit(string role, IReadOnlyDictionary<string, ScalarValue> limit) => roleSettings.SetQuotaLimit(role, limit);

    public IReadOnlyDictionary<string, ScalarValue> QuotaLimit(string role) => roleSettings.QuotaLimit(role);

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

        foreach (var (role, allocated) in RoleSorters.SplitByRole(framework, resources))
        {
            var sorter = sorters.Of(role);
            var released = Overlap(allocated, sorter.Allocation(frameworkId, agentId));
            if (!released.IsEmpty)
            {
                sorter.Unallocated(frameworkId, agentId, released);
                sorters.RoleSorter.Unallocated(role, agentId, released);
                if (agent is not null)
                {
                    agent.Allocated -= released.Unallocate();
                }
            }

            if (agent is not null && framework.Roles.Contains(role))
            {
                refusals.Refuse(agent, framework, role, allocated.Unallocate(), refuseFor);
            }

            sorters.UntrackIfReleased(framework, role);
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
        foreach (var (role, allocated) in RoleSorters.SplitByRole(framework, consumed))
        {
            sorters.Unallocated(role, frameworkId, agentId, allocated);
        }

        ReplaceTotal(agent, agent.Total - consumed.Unallocate() + converted.Unallocate());
        agent.Allocated = agent.Allocated - consumed.Unallocate() + converted.Unallocate();
        sorters.TrackAllocated(framework, agentId, converted);
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

    /// <summary>Everything allocated to frameworks of the role, on every agent.</summary>
    public ResourceSet RoleAllocation(string role) =>
        sorters.RoleSorter.Contains(role)
            ? sorters.RoleSorter.Allocation(role).Values.Aggregate(ResourceSet.Empty, (sum, resources) => sum + resources)
            : ResourceSet.Empty;

    /// <summary>What the allocator held back from the role and how often it passed over the role's frameworks.</summary>
    public RoleAllocationStats RoleStats(string role) => roleStats.Of(role);

    /// <summary>What the role and every role below it hold (<c>eng</c> includes <c>eng/batch</c>), in scalar quantities.</summary>
    public IReadOnlyDictionary<string, double> RoleSubtreeScalarQuantities(string role) => sorters.RoleSorter.SubtreeScalarQuantities(role);

    /// <summary>The role's dominant share of the cluster, before weighting.</summary>
    public double RoleDominantShare(string role) =>
        sorters.RoleSorter.Contains(role)
            ? DominantShare.Compute(sorters.RoleSorter.AllocationScalarQuantities(role), sorters.RoleSorter.TotalScalarQuantities)
            : 0.0;

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
        sorters.ReplaceTotal(agent.Id, agent.Total, total);
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
