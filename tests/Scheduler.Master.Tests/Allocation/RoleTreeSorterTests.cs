using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

/// <summary>The sorter contract with flat role names, and what the tree adds for role paths.</summary>
[TestFixture]
public sealed class RoleTreeSorterTests : SorterContract
{
    private const string Agent = "agent-1";

    [Test]
    public void Siblings_are_ordered_by_the_share_of_their_whole_subtree()
    {
        var sorter = new RoleTreeSorter();
        sorter.AddTotal(Agent, R("cpus:100;mem:1000"));
        foreach (var role in new[] { "eng/batch", "eng/web", "ops" })
        {
            sorter.Add(role);
            sorter.Activate(role);
        }

        sorter.Allocated("eng/batch", Agent, R("cpus:10"));
        sorter.Allocated("eng/web", Agent, R("cpus:10"));
        sorter.Allocated("ops", Agent, R("cpus:15"));

        // eng holds 20 % as a whole, so ops (15 %) comes first although each of eng's sub-roles holds only 10 %.
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "ops", "eng/batch", "eng/web" }));
        Assert.That(sorter.SubtreeScalarQuantities("eng")["cpus"], Is.EqualTo(20.0));
        Assert.That(sorter.AllocationScalarQuantities("eng/batch")["cpus"], Is.EqualTo(10.0));

        sorter.Unallocated("eng/web", Agent, R("cpus:10"));
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "eng/web", "eng/batch", "ops" }));
    }

    [Test]
    public void A_role_with_frameworks_and_sub_roles_competes_with_its_sub_roles_through_its_own_leaf()
    {
        var sorter = new RoleTreeSorter();
        sorter.AddTotal(Agent, R("cpus:100"));
        sorter.Add("eng");
        sorter.Activate("eng");
        sorter.Allocated("eng", Agent, R("cpus:30"));

        sorter.Add("eng/batch");
        sorter.Activate("eng/batch");
        sorter.Allocated("eng/batch", Agent, R("cpus:10"));

        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "eng/batch", "eng" }));
        Assert.That(sorter.AllocationScalarQuantities("eng")["cpus"], Is.EqualTo(30.0));
        Assert.That(sorter.SubtreeScalarQuantities("eng")["cpus"], Is.EqualTo(40.0));

        sorter.Remove("eng/batch");
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "eng" }));
        Assert.That(sorter.SubtreeScalarQuantities("eng")["cpus"], Is.EqualTo(30.0));
        Assert.That(sorter.Paths, Is.EquivalentTo(new[] { "eng" }));
    }

    [Test]
    public void An_inner_role_is_ordered_only_while_a_role_below_it_is_active()
    {
        var sorter = new RoleTreeSorter();
        sorter.AddTotal(Agent, R("cpus:100"));
        sorter.Add("eng/batch");
        sorter.Add("ops");
        sorter.Activate("ops");

        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "ops" }));
        Assert.That(sorter.Contains("eng"), Is.False);
        Assert.That(sorter.Paths, Is.EquivalentTo(new[] { "eng", "eng/batch", "ops" }));

        sorter.Activate("eng/batch");
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "eng/batch", "ops" }));

        sorter.Remove("eng/batch");
        Assert.That(sorter.Paths, Is.EquivalentTo(new[] { "ops" }));
    }

    [Test]
    public void Weights_apply_per_role_path_at_their_level()
    {
        var sorter = new RoleTreeSorter();
        sorter.AddTotal(Agent, R("cpus:100"));
        sorter.UpdateWeight("eng", 3);
        foreach (var role in new[] { "eng/batch", "ops" })
        {
            sorter.Add(role);
            sorter.Activate(role);
        }

        sorter.Allocated("eng/batch", Agent, R("cpus:30"));
        sorter.Allocated("ops", Agent, R("cpus:15"));

        // eng = 0.30 / 3 = 0.10 against ops = 0.15.
        Assert.That(sorter.Sort(), Is.EqualTo(new[] { "eng/batch", "ops" }));
        Assert.That(sorter.Weight("eng"), Is.EqualTo(3.0));
    }

    protected override ISorter CreateSorter() => new RoleTreeSorter();

    private static ResourceSet R(string text) => ResourceSet.Parse(text);
}
