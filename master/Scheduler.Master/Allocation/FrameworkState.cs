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

    /// <summary>Agents offered to the framework in the current cycle, counting an agent once.</summary>
    public int OffersThisCycle { get; set; }

    /// <summary>Role-level offers in the current cycle: an agent offered for two roles counts twice.</summary>
    public int RoleOffersThisCycle { get; set; }

    public int FilteredThisCycle { get; set; }
}
