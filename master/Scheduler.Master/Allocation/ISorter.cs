using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// Orders clients (roles, or frameworks within a role) by how much of the cluster they hold,
/// so the allocator can offer resources to the most deserving client first. Shaped after
/// Mesos's allocator Sorter. Agents and clients are identified by string ids.
/// </summary>
public interface ISorter
{
    int Count { get; }

    /// <summary>Scalar quantities of every agent's resources added to the sorter.</summary>
    IReadOnlyDictionary<string, double> TotalScalarQuantities { get; }

    /// <summary>Adds an inactive client with no allocation.</summary>
    void Add(string client);

    /// <summary>Forgets the client and its allocation; its weight is kept.</summary>
    void Remove(string client);

    bool Contains(string client);

    /// <summary>Makes the client appear in <see cref="Sort"/>.</summary>
    void Activate(string client);

    /// <summary>Hides the client from <see cref="Sort"/>; its allocation still counts.</summary>
    void Deactivate(string client);

    bool IsActive(string client);

    /// <summary>Sets the weight of a client, which need not be added yet. The default weight is 1.</summary>
    void UpdateWeight(string client, double weight);

    double Weight(string client);

    void AddTotal(string agentId, ResourceSet resources);

    void RemoveTotal(string agentId, ResourceSet resources);

    void Allocated(string client, string agentId, ResourceSet resources);

    /// <summary>Takes back resources from the client's allocation; what it does not hold is ignored.</summary>
    void Unallocated(string client, string agentId, ResourceSet resources);

    /// <summary>The client's allocation by agent id.</summary>
    IReadOnlyDictionary<string, ResourceSet> Allocation(string client);

    ResourceSet Allocation(string client, string agentId);

    /// <summary>Every client's allocation on one agent, by client.</summary>
    IReadOnlyDictionary<string, ResourceSet> AllocationsOnAgent(string agentId);

    IReadOnlyDictionary<string, double> AllocationScalarQuantities(string client);

    /// <summary>
    /// Active clients, most deserving first: lowest weighted dominant share, then fewest
    /// allocations so far, then name.
    /// </summary>
    IReadOnlyList<string> Sort();

    /// <summary>
    /// The same order as <see cref="Sort"/>, read lazily without copying; the sorter must not
    /// change while the sequence is being read.
    /// </summary>
    IEnumerable<string> Sorted();
}
