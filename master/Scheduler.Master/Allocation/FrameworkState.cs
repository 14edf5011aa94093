namespace Scheduler.Master.Allocation;

/// <summary>What the allocator knows of one framework.</summary>
internal sealed class FrameworkState(string id, IReadOnlyList<string> roles, bool active)
{
    public string Id { get; } = id;

    public IReadOnlyList<string> Roles { get; } = roles;

    public bool Active { get; set; } = active;

    public bool Suppressed { get; set; }

    public bool WantsOffers => Active && !Suppressed;

    /// <summary>The agents holding a refusal of this framework (see <see cref="AgentState.Refusals"/>).</summary>
    public HashSet<string> RefusingAgents { get; } = new(StringComparer.Ordinal);

    /// <summary>Offers made to the framework in the current cycle: one per agent and role.</summary>
    public int OffersThisCycle { get; set; }

    /// <summary>Role-level allocations in the current cycle: an agent allocated to a role in both passes counts twice.</summary>
    public int RoleOffersThisCycle { get; set; }

    public int FilteredThisCycle { get; set; }
}
