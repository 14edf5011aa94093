namespace Scheduler.Resources.Tests;

[TestFixture]
public sealed class ResourceSetRoleTests
{
    private static readonly ResourceSet Agent = ResourceSet.Parse("cpus:4;mem:1024;cpus(eng):2;disk(web):100");

    [Test]
    public void Reserved_selects_one_role_or_all_roles()
    {
        Assert.That(Agent.Reserved("eng"), Is.EqualTo(ResourceSet.Parse("cpus(eng):2")));
        Assert.That(Agent.Reserved(), Is.EqualTo(ResourceSet.Parse("cpus(eng):2;disk(web):100")));
        Assert.That(Agent.Unreserved(), Is.EqualTo(ResourceSet.Parse("cpus:4;mem:1024")));
    }

    [Test]
    public void A_role_may_use_unreserved_resources_and_its_own_reservations()
    {
        Assert.That(Agent.AllocatableTo("eng"), Is.EqualTo(ResourceSet.Parse("cpus:4;mem:1024;cpus(eng):2")));
        Assert.That(Agent.AllocatableTo("ops"), Is.EqualTo(Agent.Unreserved()));
    }

    [Test]
    public void A_sub_role_may_use_the_reservations_of_the_roles_above_it_but_not_the_other_way_round()
    {
        var agent = ResourceSet.Parse("cpus:1;cpus(eng):2;cpus(eng/batch):3;cpus(engineering):4");

        Assert.That(agent.AllocatableTo("eng/batch/nightly"), Is.EqualTo(ResourceSet.Parse("cpus:1;cpus(eng):2;cpus(eng/batch):3")));
        Assert.That(agent.AllocatableTo("eng"), Is.EqualTo(ResourceSet.Parse("cpus:1;cpus(eng):2")));
        Assert.That(agent.AllocatableTo("engineering/web"), Is.EqualTo(ResourceSet.Parse("cpus:1;cpus(engineering):4")));
    }

    [Test]
    public void Allocate_marks_every_resource_and_unallocate_clears_it()
    {
        var allocated = Agent.AllocatableTo("eng").Allocate("eng");

        Assert.That(allocated.All(resource => resource.AllocationRole == "eng"), Is.True);
        Assert.That(allocated.AllocatedTo("eng"), Is.EqualTo(allocated));
        Assert.That(allocated.AllocatedTo("web").IsEmpty, Is.True);
        Assert.That(allocated.AllocationRoles(), Is.EqualTo(new[] { "eng" }));
        Assert.That(allocated.Unallocate(), Is.EqualTo(Agent.AllocatableTo("eng")));
    }

    [Test]
    public void Allocated_resources_do_not_match_unallocated_ones()
    {
        var allocated = ResourceSet.Parse("cpus:1").Allocate("eng");

        Assert.That(allocated, Is.Not.EqualTo(ResourceSet.Parse("cpus:1")));
        Assert.That((allocated - ResourceSet.Parse("cpus:1")).Cpus, Is.EqualTo(1.0));
        Assert.That(allocated.Contains(ResourceSet.Parse("cpus:1")), Is.False);
    }

    [TestCase("")]
    [TestCase("..")]
    [TestCase("-eng")]
    [TestCase("a b")]
    [TestCase("a:b")]
    [TestCase("en*g")]
    public void Rejects_invalid_role_names(string role)
    {
        Assert.That(RoleName.IsValid(role), Is.False);
        Assert.That(() => Resource.CreateScalar("cpus", 1, role), Throws.ArgumentException);
    }
}
