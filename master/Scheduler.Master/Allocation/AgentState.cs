using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>What the allocator knows of one agent.</summary>
internal sealed class AgentState(string id, ResourceSet total, string hostname)
{
    public string Id { get; } = id;

    public string Hostname { get; } = hostname;

    private ResourceSet _total = total;
    private ResourceSet _allocated = ResourceSet.Empty;
    private ResourceSet? _available;

    /// <summary>Everything the agent has, reservations included; RESERVE and UNRESERVE operations change it.</summary>
    public ResourceSet Total
    {
        get => _total;
        set
        {
            _total = value;
            _available = null;
            HasReservations = !value.Reserved().IsEmpty;
        }
    }

    /// <summary>Everything in use or on offer, without allocation roles.</summary>
    public ResourceSet Allocated
    {
        get => _allocated;
        set
        {
            _allocated = value;
            _available = null;
        }
    }

    public bool Active { get; set; } = true;

    /// <summary>
    /// Resources reported in use by frameworks the allocator does not know yet (for example
    /// after a master failover), without allocation roles, by framework id. They are
    /// attributed to the framework when it is added.
    /// </summary>
    public Dictionary<string, ResourceSet> UnattributedUse { get; } = new(StringComparer.Ordinal);

    /// <summary>The refusals frameworks made of this agent's resources, by framework id.</summary>
    public Dictionary<string, List<RefusalFilter>> Refusals { get; } = new(StringComparer.Ordinal);

    /// <summary>What is neither in use nor on offer; kept until the total or the allocation changes, as a cycle reads it once per role.</summary>
    public ResourceSet Available => _available ??= Total - Allocated;

    private bool HasReservations { get; set; } = !total.Reserved().IsEmpty;

    /// <summary>What a framework of the role may be offered here now.</summary>
    public ResourceSet OfferableTo(string role) => HasReservations ? Available.AllocatableTo(role) : Available;

    /// <param name="offerable">What the agent has for the role, without allocation roles.</param>
    public bool IsRefusedBy(string frameworkId, string role, ResourceSet offerable)
    {
        if (!Refusals.TryGetValue(frameworkId, out var refusals))
        {
            return false;
        }

        foreach (var refusal in refusals)
        {
            if (refusal.Filters(role, offerable))
            {
                return true;
            }
        }

        return false;
    }
}
