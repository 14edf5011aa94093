using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// Orders roles as a tree, after Mesos's hierarchical sorter: <c>eng/batch</c> is a child of <c>eng</c>.
/// Siblings are ordered by the share of their whole subtree (a parent's allocation includes its
/// children's), and the order of clients is the depth-first walk that takes siblings in that order.
/// A role with frameworks of its own and sub-roles competes with its sub-roles through a leaf of its
/// own that carries the role's weight, like Mesos's virtual leaf. Weights are set per role path.
/// The siblings of each level are ordered by a sorter of their own (DRF unless told otherwise);
/// with only top-level roles this is exactly that one sorter.
/// </summary>
public sealed class RoleTreeSorter : ISorter
{
    private readonly Func<ISorter> createSorter;
    private readonly Node root;
    private readonly Dictionary<string, Node> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceSet> totalsByAgent = new(StringComparer.Ordinal);
    private int clientCount;

    public RoleTreeSorter(Func<ISorter>? createSorter = null)
    {
        this.createSorter = createSorter ?? (() => new DrfSorter());
        root = new Node(string.Empty, parent: null) { Children = this.createSorter() };
    }

    public int Count => clientCount;

    public IReadOnlyDictionary<string, double> TotalScalarQuantities => root.Children!.TotalScalarQuantities;

    /// <summary>The roles whose frameworks are clients of the tree and the inner roles above them.</summary>
    public IReadOnlyCollection<string> Paths => nodes.Keys;

    /// <summary>The role paths given a weight, whether or not they are in the tree.</summary>
    public IReadOnlyCollection<string> WeightedPaths => weights.Keys;

    public void Add(string client)
    {
        if (Contains(client))
        {
            throw new InvalidOperationException($"Sorter client '{client}' was already added.");
        }

        var node = GetOrCreateNode(client);
        node.IsClient = true;
        clientCount++;
        if (node.Children is not null)
        {
            AddEntry(node.Children, client);
        }
    }

    public void Remove(string client)
    {
        if (!nodes.TryGetValue(client, out var node) || !node.IsClient)
        {
            return;
        }

        Deactivate(client);
        foreach (var (agentId, held) in OwnSorter(node).Allocation(client))
        {
            Unallocated(client, agentId, held);
        }

        node.IsClient = false;
        clientCount--;
        if (node.Children is not null)
        {
            node.Children.Remove(client);
        }

        Prune(node);
    }

    public bool Contains(string client) => nodes.TryGetValue(client, out var node) && node.IsClient;

    public void Activate(string client)
    {
        var node = GetClient(client);
        if (node.ClientActive)
        {
            return;
        }

        node.ClientActive = true;
        node.Children?.Activate(client);
        for (var current = node; current != root; current = current.Parent!)
        {
            if (++current.ActiveClientsInSubtree == 1)
            {
                current.Parent!.Children!.Activate(current.Path);
            }
        }
    }

    public void Deactivate(string client)
    {
        var node = GetClient(client);
        if (!node.ClientActive)
        {
            return;
        }

        node.ClientActive = false;
        node.Children?.Deactivate(client);
        for (var current = node; current != root; current = current.Parent!)
        {
            if (--current.ActiveClientsInSubtree == 0)
            {
                current.Parent!.Children!.Deactivate(current.Path);
            }
        }
    }

    public bool IsActive(string client) => GetClient(client).ClientActive;

    public void UpdateWeight(string client, double weight)
    {
        if (!double.IsFinite(weight) || weight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "A weight must be a positive number.");
        }

        weights[client] = weight;
        if (nodes.TryGetValue(client, out var node))
        {
            node.Parent!.Children!.UpdateWeight(client, weight);
            if (node.IsClient)
            {
                node.Children?.UpdateWeight(client, weight);
            }
        }
    }

    public double Weight(string client) => weights.GetValueOrDefault(client, DrfSorter.DefaultWeight);

    public void AddTotal(string agentId, ResourceSet resources)
    {
        if (resources.IsEmpty)
        {
            return;
        }

        totalsByAgent[agentId] = totalsByAgent.GetValueOrDefault(agentId, ResourceSet.Empty) + resources;
        foreach (var sorter in LevelSorters())
        {
            sorter.AddTotal(agentId, resources);
        }
    }

    public void RemoveTotal(string agentId, ResourceSet resources)
    {
        if (!totalsByAgent.TryGetValue(agentId, out var agentTotal))
        {
            return;
        }

        var remaining = agentTotal - Overlap(resources, agentTotal);
        if (remaining.IsEmpty)
        {
            totalsByAgent.Remove(agentId);
        }
        else
        {
            totalsByAgent[agentId] = remaining;
        }

        foreach (var sorter in LevelSorters())
        {
            sorter.RemoveTotal(agentId, resources);
        }
    }

    public void Allocated(string client, string agentId, ResourceSet resources)
    {
        var node = GetClient(client);
        if (resources.IsEmpty)
        {
            return;
        }

        node.Children?.Allocated(client, agentId, resources);
        for (var current = node; current != root; current = current.Parent!)
        {
            current.Parent!.Children!.Allocated(current.Path, agentId, resources);
        }
    }

    public void Unallocated(string client, string agentId, ResourceSet resources)
    {
        var node = GetClient(client);
        var released = Overlap(resources, OwnSorter(node).Allocation(client, agentId));
        if (released.IsEmpty)
        {
            return;
        }

        node.Children?.Unallocated(client, agentId, released);
        for (var current = node; current != root; current = current.Parent!)
        {
            current.Parent!.Children!.Unallocated(current.Path, agentId, released);
        }
    }

    /// <summary>What the role's own frameworks hold, by agent, without its sub-roles'.</summary>
    public IReadOnlyDictionary<string, ResourceSet> Allocation(string client) => OwnSorter(GetClient(client)).Allocation(client);

    public ResourceSet Allocation(string client, string agentId) => OwnSorter(GetClient(client)).Allocation(client, agentId);

    public IReadOnlyDictionary<string, ResourceSet> AllocationsOnAgent(string agentId)
    {
        var onAgent = new Dictionary<string, ResourceSet>(StringComparer.Ordinal);
        foreach (var node in nodes.Values.Where(node => node.IsClient))
        {
            var held = OwnSorter(node).Allocation(node.Path, agentId);
            if (!held.IsEmpty)
            {
                onAgent[node.Path] = held;
            }
        }

        return onAgent;
    }

    public IReadOnlyDictionary<string, double> AllocationScalarQuantities(string client) =>
        OwnSorter(GetClient(client)).AllocationScalarQuantities(client);

    /// <summary>What the role and every role below it hold, in scalar quantities; empty for a role the tree does not know.</summary>
    public IReadOnlyDictionary<string, double> SubtreeScalarQuantities(string path) =>
        nodes.TryGetValue(path, out var node)
            ? node.Parent!.Children!.AllocationScalarQuantities(path)
            : new Dictionary<string, double>();

    public IReadOnlyList<string> Sort() => Sorted().ToList();

    public IEnumerable<string> Sorted() => Walk(root);

    private IEnumerable<string> Walk(Node node)
    {
        foreach (var name in node.Children!.Sorted())
        {
            if (name == node.Path)
            {
                yield return name;
                continue;
            }

            var child = nodes[name];
            if (child.Children is null)
            {
                yield return name;
                continue;
            }

            foreach (var descendant in Walk(child))
            {
                yield return descendant;
            }
        }
    }

    /// <summary>The sorter that holds the client's own allocation: its level's, or its own when it has sub-roles.</summary>
    private static ISorter OwnSorter(Node node) => node.Children ?? node.Parent!.Children!;

    private Node GetOrCreateNode(string path)
    {
        if (nodes.TryGetValue(path, out var existing))
        {
            return existing;
        }

        var separator = path.LastIndexOf('/');
        var parent = separator < 0 ? root : GetOrCreateNode(path[..separator]);
        if (parent.Children is null)
        {
            GiveChildren(parent);
        }

        var node = new Node(path, parent);
        nodes[path] = node;
        parent.ChildCount++;
        AddEntry(parent.Children!, path);
        return node;
    }

    /// <summary>
    /// Gives a role its first sub-role: from now on its own frameworks compete with its sub-roles through
    /// a leaf of its own, which starts with everything the role held so far.
    /// </summary>
    private void GiveChildren(Node node)
    {
        var sorter = createSorter();
        foreach (var (agentId, total) in totalsByAgent)
        {
            sorter.AddTotal(agentId, total);
        }

        node.Children = sorter;
        if (!node.IsClient)
        {
            return;
        }

        AddEntry(sorter, node.Path);
        foreach (var (agentId, held) in node.Parent!.Children!.Allocation(node.Path))
        {
            sorter.Allocated(node.Path, agentId, held);
        }

        if (node.ClientActive)
        {
            sorter.Activate(node.Path);
        }
    }

    /// <summary>Drops roles that have neither frameworks nor sub-roles left, from this one upwards.</summary>
    private void Prune(Node node)
    {
        var current = node;
        while (current != root)
        {
            if (current.ChildCount == 0 && current.Children is not null)
            {
                // Its own leaf held what the role holds: the parent's entry already counts exactly that.
                current.Children = null;
            }

            if (current.IsClient || current.ChildCount > 0)
            {
                return;
            }

            var parent = current.Parent!;
            parent.Children!.Remove(current.Path);
            nodes.Remove(current.Path);
            parent.ChildCount--;
            if (parent != root && parent.ChildCount == 0)
            {
                parent.Children = null;
            }

            current = parent;
        }
    }

    private void AddEntry(ISorter sorter, string path)
    {
        sorter.Add(path);
        if (weights.TryGetValue(path, out var weight))
        {
            sorter.UpdateWeight(path, weight);
        }
    }

    private IEnumerable<ISorter> LevelSorters()
    {
        yield return root.Children!;
        foreach (var node in nodes.Values)
        {
            if (node.Children is not null)
            {
                yield return node.Children;
            }
        }
    }

    private Node GetClient(string client) =>
        nodes.TryGetValue(client, out var node) && node.IsClient
            ? node
            : throw new KeyNotFoundException($"Sorter client '{client}' is not known.");

    /// <summary>The part of <paramref name="resources"/> that <paramref name="held"/> actually has.</summary>
    private static ResourceSet Overlap(ResourceSet resources, ResourceSet held) => resources - (resources - held);

    private sealed class Node(string path, Node? parent)
    {
        public string Path { get; } = path;

        public Node? Parent { get; } = parent;

        /// <summary>Orders the sub-roles and, when the role is a client, its own leaf; null without sub-roles.</summary>
        public ISorter? Children { get; set; }

        public int ChildCount { get; set; }

        public bool IsClient { get; set; }

        public bool ClientActive { get; set; }

        public int ActiveClientsInSubtree { get; set; }
    }
}
