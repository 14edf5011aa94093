namespace Scheduler.Resources.Tests;

[TestFixture]
public sealed class ResourceSetArithmeticTests
{
    [Test]
    public void Addition_merges_matching_resources()
    {
        var sum = ResourceSet.Parse("cpus:1;ports:[1-5]") + ResourceSet.Parse("cpus:0.5;mem:64;ports:[6-9]");

        Assert.That(sum, Is.EqualTo(ResourceSet.Parse("cpus:1.5;mem:64;ports:[1-9]")));
    }

    [Test]
    public void Differently_reserved_resources_stay_apart()
    {
        var sum = ResourceSet.Parse("cpus:1") + ResourceSet.Parse("cpus(eng):2");

        Assert.That(sum.Count, Is.EqualTo(2));
        Assert.That(sum.Cpus, Is.EqualTo(3.0));
        Assert.That(sum.Unreserved().Cpus, Is.EqualTo(1.0));
    }

    [Test]
    public void Subtraction_removes_only_what_is_there()
    {
        var remainder = ResourceSet.Parse("cpus:1;mem:512;ports:[1-10]") - ResourceSet.Parse("cpus:2;mem:12;ports:[5-20];disk:7");

        Assert.That(remainder, Is.EqualTo(ResourceSet.Parse("mem:500;ports:[1-4]")));
    }

    [Test]
    public void Subtraction_does_not_touch_resources_reserved_for_another_role()
    {
        var remainder = ResourceSet.Parse("cpus(eng):4") - ResourceSet.Parse("cpus:4");

        Assert.That(remainder, Is.EqualTo(ResourceSet.Parse("cpus(eng):4")));
    }

    [Test]
    public void Entries_that_reach_zero_vanish()
    {
        var remainder = ResourceSet.Parse("cpus:1;mem:512") - ResourceSet.Parse("cpus:1");

        Assert.That(remainder.Count, Is.EqualTo(1));
        Assert.That(remainder.Cpus, Is.Null);
        Assert.That(remainder.Names, Is.EqualTo(new[] { "mem" }));
    }

    [Test]
    public void Tenths_add_up_without_floating_dust()
    {
        var sum = ResourceSet.Empty;
        for (var i = 0; i < 10; i++)
        {
            sum += Resource.CreateScalar("cpus", 0.1);
        }

        Assert.That(sum, Is.EqualTo(ResourceSet.Parse("cpus:1")));
        Assert.That((sum - ResourceSet.Parse("cpus:1")).IsEmpty, Is.True);
    }

    [Test]
    public void Contains_compares_each_resource()
    {
        var agent = ResourceSet.Parse("cpus:4;mem:1024;ports:[31000-32000];zones:{a,b}");

        Assert.That(agent.Contains(ResourceSet.Parse("cpus:4;ports:[31000-31005];zones:{b}")), Is.True);
        Assert.That(agent.Contains(ResourceSet.Parse("cpus:4.001")), Is.False);
        Assert.That(agent.Contains(ResourceSet.Parse("ports:[30999-31000]")), Is.False);
        Assert.That(agent.Contains(ResourceSet.Parse("zones:{c}")), Is.False);
        Assert.That(agent.Contains(ResourceSet.Parse("cpus(eng):1")), Is.False);
        Assert.That(agent.Contains(ResourceSet.Parse("gpus:1")), Is.False);
    }

    [Test]
    public void Equality_ignores_order()
    {
        var forward = ResourceSet.Parse("cpus:1;mem:2;disk(eng):3");
        var backward = ResourceSet.Parse("disk(eng):3;mem:2;cpus:1");

        Assert.That(forward, Is.EqualTo(backward));
        Assert.That(forward == backward, Is.True);
        Assert.That(forward.GetHashCode(), Is.EqualTo(backward.GetHashCode()));
        Assert.That(forward, Is.Not.EqualTo(ResourceSet.Parse("cpus:1;mem:2;disk:3")));
    }

    [Test]
    public void Scalar_quantities_sum_across_reservations()
    {
        var set = ResourceSet.Parse("cpus:1;cpus(eng):2;mem:64;ports:[1-2]").Add(Resource.CreateScalar("mem", 1, "eng", "eng"));

        Assert.That(set.ScalarQuantities(), Is.EquivalentTo(new Dictionary<string, double> { ["cpus"] = 3, ["mem"] = 65 }));
        Assert.That(set.Scalar("gpus"), Is.Null);
    }
}
