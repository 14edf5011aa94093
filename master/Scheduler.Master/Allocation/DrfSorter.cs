using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// Dominant Resource Fairness sorter, after Mesos's DRFSorter. The active clients are kept in
/// order: a change to one client's allocation or weight moves only that client, and a change
/// to the totals re-sorts everyone on the next read. Clients keep their allocation count while
/// deactivated, so disconnecting and reconnecting does not reset a client's place in a tie.
/// </summary>
public sealed class DrfSorter : ISorter
{
    public const double DefaultWeight = 1.0;

    private readonly Dictionary<string, Client> clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceSet> totalsByAgent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScalarValue> totalQuantities = new(StringComparer.Ordinal);
    private readonly SortedSet<Client> order = new(ClientOrder.Instance);
    private bool orderIsStale;

    public int Count => clients.Count;

    public IReadOnlyDictionary<string, double> TotalScalarQuantities => ToDoubles(totalQuantities);

    public void Add(string client)
    {
        if (!clients.TryAdd(client, new Client(client, Weight(client))))
        {
            throw new InvalidOperationException($"Sorter client '{client}' was already added.");
        }
    }

    public void Remove(string client)
    {
        if (clients.Remove(client, out var state) && state.Active && !orderIsStale)
        {
            order.Remove(state);
        }
    }

    public bool Contains(string client) => clients.ContainsKey(client);

    public void Activate(string client)
    {
        var state = Get(client);
        if (state.Active)
        {
            return;
        }

        state.Active = true;
        if (!orderIsStale)
        {
            state.Share = ShareOf(state);
            order.Add(state);
        }
    }

    public void Deactivate(string client)
    {
        var state = Get(client);
        if (!state.Active)
        {
            return;
        }

        if (!orderIsStale)
        {
            order.Remove(state);
        }

        state.Active = false;
    }

    public bool IsActive(string client) => Get(client).Active;

    public void UpdateWeight(string client, double weight)
    {
        if (!double.IsFinite(weight) || weight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "A weight must be a positive number.");
        }

        weights[client] = weight;
        if (clients.TryGetValue(client, out var state))
        {
            Reposition(state, () => state.Weight = weight);
        }
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
        orderIsStale = true;
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

        orderIsStale = true;
    }

    public void Allocated(string client, string agentId, ResourceSet resources)
    {
        var state = Get(client);
        if (resources.IsEmpty)
        {
            return;
        }

        Reposition(state, () =>
        {
            state.ByAgent[agentId] = state.ByAgent.TryGetValue(agentId, out var held) ? held + resources : resources;
            AddQuantities(state.Quantities, resources);
            state.Allocations++;
        });
    }

    public void Unallocated(string client, string agentId, ResourceSet resources)
    {
        var state = Get(client);
        if (!state.ByAgent.TryGetValue(agentId, out var held))
        {
            return;
        }

        Reposition(state, () =>
        {
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
        });
    }

    public IReadOnlyDictionary<string, ResourceSet> Allocation(string client) =>
        new Dictionary<string, ResourceSet>(Get(client).ByAgent, StringComparer.Ordinal);

    public ResourceSet Allocation(string client, string agentId) =>
        Get(client).ByAgent.GetValueOrDefault(agentId, ResourceSet.Empty);

    public IReadOnlyDictionary<string, ResourceSet> AllocationsOnAgent(string agentId) => clients.Values
        .Where(state => state.ByAgent.ContainsKey(agentId))
        .ToDictionary(state => state.Name, state => state.ByAgent[agentId], StringComparer.Ordinal);

    public IReadOnlyDictionary<string, double> AllocationScalarQuantities(string client) => ToDoubles(Get(client).Quantities);

    public IReadOnlyList<string> Sort() => Sorted().ToList();

    public IEnumerable<string> Sorted()
    {
        RebuildIfStale();
        foreach (var state in order)
        {
            yield return state.Name;
        }
    }

    private void RebuildIfStale()
    {
        if (!orderIsStale)
        {
            return;
        }

        order.Clear();
        foreach (var state in clients.Values.Where(state => state.Active))
        {
            state.Share = ShareOf(state);
            order.Add(state);
        }

        orderIsStale = false;
    }

    /// <summary>Applies a change to a client and moves it to its new place in the order.</summary>
    private void Reposition(Client state, Action change)
    {
        var ordered = state.Active && !orderIsStale;
        if (ordered)
        {
            order.Remove(state);
        }

        change();
        state.Share = ShareOf(state);
        if (ordered)
        {
            order.Add(state);
        }
    }

    private double ShareOf(Client state)
    {
        var share = 0.0;
        foreach (var (name, allocated) in state.Quantities)
        {
            if (totalQuantities.TryGetValue(name, out var total) && total > ScalarValue.Zero)
            {
                share = Math.Max(share, (double)allocated.Thousandths / total.Thousandths);
            }
        }

        return share / state.Weight;
    }

    private Client Get(string client) =>
        clients.TryGetValue(client, out var state)
            ? state
            : throw new KeyNotFoundException($"Sorter client '{client}' is not known.");

    /// <summary>The part of <paramref name="resources"/> that <paramref name="held"/> actually has.</summary>
    private static ResourceSet Overlap(ResourceSet resources, ResourceSet held) => resources - (resources - held);

    private static void AddQuantities(Dictionary<string, ScalarValue> quantities, ResourceSet resources)
    {
        foreach (var resource in resources)
        {
            if (resource.Kind == ResourceKind.Scalar)
            {
                quantities[resource.Name] = quantities.GetValueOrDefault(resource.Name) + resource.Scalar;
            }
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

    private sealed class Client(string name, double weight)
    {
        public string Name { get; } = name;

        public double Weight { get; set; } = weight;

        public bool Active { get; set; }

        public long Allocations { get; set; }

        /// <summary>The weighted dominant share the client is ordered by; kept up to date while it is ordered.</summary>
        public double Share { get; set; }

        public Dictionary<string, ResourceSet> ByAgent { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ScalarValue> Quantities { get; } = new(StringComparer.Ordinal);
    }

    private sealed class ClientOrder : IComparer<Client>
    {
        public static ClientOrder Instance { get; } = new();

        public int Compare(Client? x, Client? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            var byShare = x!.Share.CompareTo(y!.Share);
            if (byShare != 0)
            {
                return byShare;
            }

            var byAllocations = x.Allocations.CompareTo(y.Allocations);
            return byAllocations != 0 ? byAllocations : string.CompareOrdinal(x.Name, y.Name);
        }
    }
}
