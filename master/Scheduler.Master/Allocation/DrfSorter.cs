using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// Dominant Resource Fairness sorter, after Mesos's DRFSorter. Shares are recomputed on each
/// <see cref="Sort"/>; clients keep their allocation count while deactivated, so disconnecting
/// and reconnecting does not reset a client's place in a tie.
/// </summary>
public sealed class DrfSorter : ISorter
{
    public const double DefaultWeight = 1.0;

    private readonly Dictionary<string, Client> clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceSet> totalsByAgent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScalarValue> totalQuantities = new(StringComparer.Ordinal);

    public int Count => clients.Count;

    public IReadOnlyDictionary<string, double> TotalScalarQuantities => ToDoubles(totalQuantities);

    public void Add(string client)
    {
        if (!clients.TryAdd(client, new Client(client)))
        {
            throw new InvalidOperationException($"Sorter client '{client}' was already added.");
        }
    }

    public void Remove(string client) => clients.Remove(client);

    public bool Contains(string client) => clients.ContainsKey(client);

    public void Activate(string client) => Get(client).Active = true;

    public void Deactivate(string client) => Get(client).Active = false;

    public bool IsActive(string client) => Get(client).Active;

    public void UpdateWeight(string client, double weight)
    {
        if (!double.IsFinite(weight) || weight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "A weight must be a positive number.");
        }

        weights[client] = weight;
    }

    public double Weight(string client) => weights.GetValueOrDefault(client, DefaultWeight);

    public void AddTotal(string agentId, ResourceSet resources)
    {
        if (resources.IsEmpty)
        {
            return;
        }

        totalsByAgent[agentId] = totalsByAgent.GetValueOrDefault(agentId, ResourceSet.Empty) + resources;
        AddQuantities(totalQuantities, resources);
    }

    public void RemoveTotal(string agentId, ResourceSet resources)
    {
        if (!totalsByAgent.TryGetValue(agentId, out var agentTotal))
        {
            return;
        }

        var removed = Overlap(resources, agentTotal);
        SubtractQuantities(totalQuantities, removed);
        var remaining = agentTotal - removed;
        if (remaining.IsEmpty)
        {
            totalsByAgent.Remove(agentId);
        }
        else
        {
            totalsByAgent[agentId] = remaining;
        }
    }

    public void Allocated(string client, string agentId, ResourceSet resources)
    {
        var state = Get(client);
        if (resources.IsEmpty)
        {
            return;
        }

        state.ByAgent[agentId] = state.ByAgent.GetValueOrDefault(agentId, ResourceSet.Empty) + resources;
        AddQuantities(state.Quantities, resources);
        state.Allocations++;
    }

    public void Unallocated(string client, string agentId, ResourceSet resources)
    {
        var state = Get(client);
        if (!state.ByAgent.TryGetValue(agentId, out var held))
        {
            return;
        }

        var removed = Overlap(resources, held);
        SubtractQuantities(state.Quantities, removed);
        var remaining = held - removed;
        if (remaining.IsEmpty)
        {
            state.ByAgent.Remove(agentId);
        }
        else
        {
            state.ByAgent[agentId] = remaining;
        }
    }

    public IReadOnlyDictionary<string, ResourceSet> Allocation(string client) =>
        new Dictionary<string, ResourceSet>(Get(client).ByAgent, StringComparer.Ordinal);

    public ResourceSet Allocation(string client, string agentId) =>
        Get(client).ByAgent.GetValueOrDefault(agentId, ResourceSet.Empty);

    public IReadOnlyDictionary<string, ResourceSet> AllocationsOnAgent(string agentId) => clients.Values
        .Where(state => state.ByAgent.ContainsKey(agentId))
        .ToDictionary(state => state.Name, state => state.ByAgent[agentId], StringComparer.Ordinal);

    public IReadOnlyDictionary<string, double> AllocationScalarQuantities(string client) => ToDoubles(Get(client).Quantities);

    public IReadOnlyList<string> Sort()
    {
        var total = TotalScalarQuantities;
        return clients.Values
            .Where(state => state.Active)
            .Select(state => (state.Name, state.Allocations,
                Share: DominantShare.Weighted(ToDoubles(state.Quantities), total, Weight(state.Name))))
            .OrderBy(entry => entry.Share)
            .ThenBy(entry => entry.Allocations)
            .ThenBy(entry => entry.Name, StringComparer.Ordinal)
            .Select(entry => entry.Name)
            .ToList();
    }

    private Client Get(string client) =>
        clients.TryGetValue(client, out var state)
            ? state
            : throw new KeyNotFoundException($"Sorter client '{client}' is not known.");

    /// <summary>The part of <paramref name="resources"/> that <paramref name="held"/> actually has.</summary>
    private static ResourceSet Overlap(ResourceSet resources, ResourceSet held) => resources - (resources - held);

    private static void AddQuantities(Dictionary<string, ScalarValue> quantities, ResourceSet resources)
    {
        foreach (var (name, quantity) in resources.ScalarTotals())
        {
            quantities[name] = quantities.GetValueOrDefault(name) + quantity;
        }
    }

    private static void SubtractQuantities(Dictionary<string, ScalarValue> quantities, ResourceSet resources)
    {
        foreach (var (name, quantity) in resources.ScalarTotals())
        {
            var remaining = quantities.GetValueOrDefault(name) - quantity;
            if (remaining <= ScalarValue.Zero)
            {
                quantities.Remove(name);
            }
            else
            {
                quantities[name] = remaining;
            }
        }
    }

    private static Dictionary<string, double> ToDoubles(Dictionary<string, ScalarValue> quantities) =>
        quantities.ToDictionary(pair => pair.Key, pair => pair.Value.ToDouble(), StringComparer.Ordinal);

    private sealed class Client(string name)
    {
        public string Name { get; } = name;

        public bool Active { get; set; }

        public long Allocations { get; set; }

        public Dictionary<string, ResourceSet> ByAgent { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ScalarValue> Quantities { get; } = new(StringComparer.Ordinal);
    }
}
