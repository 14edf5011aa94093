using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

/// <summary>
/// Behaviour every <see cref="ISorter"/> must have. Each implementation runs these tests
/// through a subclass. Shares in the comments are dominant shares: the largest fraction of
/// any scalar resource in the total that a client holds, divided by its weight.
/// </summary>
public abstract class SorterContract
{
    private const string Agent = "agent-1";

    protected abstract ISorter CreateSorter();

    [Test]
    public void Orders_clients_by_dominant_share_as_allocations_and_totals_change()
    {
        var sorter = CreateSorter();
        sorter.AddTotal(Agent, R("cpus:200;mem:400"));

        AddActive(sorter, "a");
        sorter.Allocated("a", Agent, R("cpus:20;mem:20"));
        AddActive(sorter, "b");
        sorter.Allocated("b", Agent, R("cpus:10;mem:60"));
        // a = max(20/200, 20/400) = 0.10, b = max(10/200, 60/400) = 0.15
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "a", "b" }));

        AddActive(sorter, "c");
        sorter.Allocated("c", Agent, R("cpus:2;mem:8"));
        AddActive(sorter, "d");
        sorter.Allocated("d", Agent, R("cpus:24"));
        // a = 0.10, b = 0.15, c = max(0.01, 0.02) = 0.02, d = 0.12
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "c", "a", "d", "b" }));

        sorter.Remove("a");
        sorter.Unallocated("b", Agent, R("cpus:6;mem:40"));
        // b = max(4/200, 20/400) = 0.05, c = 0.02, d = 0.12
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "c", "b", "d" }));

        sorter.RemoveTotal(Agent, R("mem:380"));
        // Only 20 mem remain: b = 20/20 = 1, c = 8/20 = 0.4, d = 24/200 = 0.12
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "d", "c", "b" }));

        sorter.AddTotal("agent-2", R("mem:780"));
        // mem is 800 again: b = 20/800 = 0.025, c = max(0.01, 0.01) = 0.01, d = 0.12
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "c", "b", "d" }));
    }

    [Test]
    public void A_heavier_client_may_hold_a_proportionally_larger_share()
    {
        var sorter = CreateSorter();
        sorter.AddTotal(Agent, R("cpus:100;mem:100"));
        AddActive(sorter, "heavy");
        AddActive(sorter, "light");
        sorter.UpdateWeight("heavy", 2);

        sorter.Allocated("heavy", Agent, R("cpus:30"));
        sorter.Allocated("light", Agent, R("cpus:20"));
        // heavy = 0.30 / 2 = 0.15, light = 0.20 / 1 = 0.20
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "heavy", "light" }));

        sorter.Allocated("heavy", Agent, R("mem:50"));
        // heavy = 0.50 / 2 = 0.25, light = 0.20
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "light", "heavy" }));
        Assert.That(sorter.Weight("heavy"), Is.EqualTo(2.0));
        Assert.That(sorter.Weight("light"), Is.EqualTo(1.0));
    }

    [Test]
    public void A_weight_can_be_set_before_the_client_is_added_and_outlives_its_removal()
    {
        var sorter = CreateSorter();
        sorter.UpdateWeight("later", 3);
        AddActive(sorter, "later");
        sorter.Remove("later");

        Assert.That(sorter.Weight("later"), Is.EqualTo(3.0));
        Assert.That(() => sorter.UpdateWeight("later", 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Equal_shares_go_first_to_the_client_allocated_fewer_times_then_by_name()
    {
        var sorter = CreateSorter();
        sorter.AddTotal(Agent, R("cpus:10;mem:10"));
        AddActive(sorter, "b");
        AddActive(sorter, "a");
        // Both 0 with no allocations: by name.
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "a", "b" }));

        sorter.Allocated("a", Agent, R("cpus:1"));
        sorter.Allocated("a", Agent, R("cpus:1"));
        sorter.Allocated("b", Agent, R("cpus:2"));
        // Both 0.2, but a was allocated to twice and b once.
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "b", "a" }));
    }

    [Test]
    public void Inactive_clients_are_not_sorted_but_keep_their_allocation()
    {
        var sorter = CreateSorter();
        sorter.AddTotal(Agent, R("cpus:10;mem:10"));
        AddActive(sorter, "a");
        AddActive(sorter, "b");
        sorter.Add("c");
        sorter.Allocated("a", Agent, R("cpus:5"));

        sorter.Deactivate("a");
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "b" }));
        Assert.That(sorter.IsActive("a"), Is.False);
        Assert.That(sorter.IsActive("c"), Is.False);
        Assert.That(sorter.Allocation("a", Agent), Is.EqualTo(R("cpus:5")));

        sorter.Activate("a");
        // a = 0.5, b = 0
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "b", "a" }));
        Assert.That(sorter.Count, Is.EqualTo(3));
    }

    [Test]
    public void Only_scalar_resources_with_a_positive_total_count_towards_the_share()
    {
        var sorter = CreateSorter();
        sorter.AddTotal(Agent, R("cpus:10;mem:100;ports:[1-100]"));
        AddActive(sorter, "ports-hog");
        AddActive(sorter, "cpu-user");
        sorter.Allocated("ports-hog", Agent, R("ports:[1-100];gpus:1"));
        sorter.Allocated("cpu-user", Agent, R("cpus:1"));
        // ports-hog holds every port and a gpu the total lacks, but its share is 0; cpu-user = 0.1
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "ports-hog", "cpu-user" }));
    }

    [Test]
    public void Tracks_allocations_per_agent()
    {
        var sorter = CreateSorter();
        sorter.AddTotal(Agent, R("cpus:4;mem:40"));
        sorter.AddTotal("agent-2", R("cpus:4;mem:40"));
        AddActive(sorter, "a");
        AddActive(sorter, "b");
        sorter.Allocated("a", Agent, R("cpus:1;ports:[10-20]"));
        sorter.Allocated("a", "agent-2", R("mem:8"));
        sorter.Allocated("b", Agent, R("cpus:2"));

        Assert.That(sorter.Allocation("a"), Is.EquivalentTo(new Dictionary<string, ResourceSet>
        {
            [Agent] = R("cpus:1;ports:[10-20]"),
            ["agent-2"] = R("mem:8"),
        }));
        Assert.That(sorter.AllocationsOnAgent(Agent), Is.EquivalentTo(new Dictionary<string, ResourceSet>
        {
            ["a"] = R("cpus:1;ports:[10-20]"),
            ["b"] = R("cpus:2"),
        }));
        Assert.That(sorter.AllocationScalarQuantities("a"), Is.EquivalentTo(new Dictionary<string, double>
        {
            ["cpus"] = 1,
            ["mem"] = 8,
        }));
        Assert.That(sorter.TotalScalarQuantities, Is.EquivalentTo(new Dictionary<string, double>
        {
            ["cpus"] = 8,
            ["mem"] = 80,
        }));
    }

    [Test]
    public void Unallocating_more_than_is_held_takes_back_only_what_is_held()
    {
        var sorter = CreateSorter();
        sorter.AddTotal(Agent, R("cpus:10;mem:10"));
        AddActive(sorter, "a");
        AddActive(sorter, "b");
        sorter.Allocated("a", Agent, R("cpus:2;mem:1"));
        sorter.Allocated("b", Agent, R("cpus:1"));

        sorter.Unallocated("a", Agent, R("cpus:5"));
        sorter.Unallocated("a", "agent-unknown", R("mem:1"));

        Assert.That(sorter.Allocation("a", Agent), Is.EqualTo(R("mem:1")));
        // a = 0.1, b = 0.1; a was allocated once, as was b: by name.
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "a", "b" }));
        sorter.Unallocated("a", Agent, R("mem:1"));
        Assert.That(sorter.Allocation("a"), Is.Empty);
        Assert.That(sorter.AllocationScalarQuantities("a"), Is.Empty);
    }

    [Test]
    public void Unknown_clients_are_reported()
    {
        var sorter = CreateSorter();
        sorter.Add("a");

        Assert.That(sorter.Contains("a"), Is.True);
        Assert.That(sorter.Contains("nobody"), Is.False);
        Assert.That(() => sorter.Allocated("nobody", Agent, R("cpus:1")), Throws.InstanceOf<KeyNotFoundException>());
        Assert.That(() => sorter.Activate("nobody"), Throws.InstanceOf<KeyNotFoundException>());
        Assert.That(() => sorter.Add("a"), Throws.InvalidOperationException);
    }

    private static void AddActive(ISorter sorter, string client)
    {
        sorter.Add(client);
        sorter.Activate(client);
    }

    private static ResourceSet R(string text) => ResourceSet.Parse(text);
}
