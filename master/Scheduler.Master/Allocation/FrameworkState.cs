namespace Scheduler.Master.Allocation;

/// <summary>What the allocator knows of one framework.</summary>
internal sealed class FrameworkState(string id, IReadOnlyList<string> roles, bool active)
{
    public string Id { get; } = id;

    /// <summary>The roles the framework is subscribed to; the first takes resources that name no role of it.</summary>
    public IReadOnlyList<string> Roles { get; set; } = roles;

    /// <summary>
    /// The roles under whose sorter the framework is: its roles, and roles it left while it still held
    /// resources allocated to them, as Mesos keeps tracking a framework under such a role.
    /// </summary>
    public HashSet<string> TrackedRoles { get; } = new(roles, StringComparer.Ordinal);

    public bool Active { get; set; } = active;

    /// <summary>The roles for which the framework suppressed offers (Mesos's per-role SUPPRESS).</summary>
    public HashSet<string> SuppressedRoles { get; } = new(StringComparer.Ordinal);

    /// <summary>True when every role of the framework is suppressed.</summary>
    public bool IsSuppressed => Roles.All(SuppressedRoles.Contains);

    /// <summary>The roles the framework wants offers for now: none while inactive, else its unsuppressed roles.</summary>
    public int RolesWantingOffers => Active ? Roles.Count(role => !SuppressedRoles.Contains(role)) : 0;

    /// <summary>The agents holding a refusal of this framework (see <see cref="AgentState.Refusals"/>).</summary>
    public HashSet<string> RefusingAgents { get; } = new(StringComparer.Ordinal);

    /// <summary>Offers made to the framework in the current cycle: one per agent and role.</summary>
    public int OffersThisCycle { get; set; }

    /// <summary>Role-level allocations in the current cycle: an agent allocated to a role in both passes counts twice.</summary>
    public int RoleOffersThisCycle { get; set; }

    public int FilteredThisCycle { get; set; }

    /// <summary>Agents passed over in the current cycle because a role of the framework reached its quota limit.</summary>
    public int QuotaLimitedThisCycle { get; set; }

    public bool WantsOffersFor(string role) => Active && Roles.Contains(role) && !SuppressedRoles.Contains(role);
}
