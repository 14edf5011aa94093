using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

/// <summary>The intent of Mesos's quota scenarios of HierarchicalAllocatorTest.</summary>
[TestFixture]
public sealed class QuotaScenarioTests
{
    private const string Agent = "cpus:1;mem:512";

    private ManualClock clock = null!;
    private Allocator allocator = null!;

    [SetUp]
    public void SetUp()
    {
        clock = new ManualClock();
        allocator = new Allocator(clock, new RoundRobinAgentOrder());
    }

    [Test]
    public void QuotaProvidesGuarantee_resources_a_quota_role_declines_are_held_back_until_its_guarantee_is_met()
    {
        allocator.SetQuotaGuarantee("quota-role", R("cpus:2;mem:1024"));
        allocator.AddFramework("framework1", "quota-role");
        allocator.AddFramework("framework2", "no-quota-role");
        allocator.AddAgent("agent1", R(Agent), "agent1");
        allocator.AddAgent("agent2", R(Agent), "agent2");

        // Both agents go to the quota role first, though no-quota-role holds nothing and sorts first by name.
        var first = allocator.Allocate();
        Assert.That(first.Offers.Select(o => o.FrameworkId), Is.EqualTo(new[] { "framework1", "framework1" }));

        // framework1 declines agent2 for a day: its guarantee is unmet, so agent2 is not given to framework2.
        var agent2 = first.Offers.Single(o => o.AgentId == "agent2");
        allocator.RecoverResources("framework1", "agent2", agent2.Resources, TimeSpan.FromDays(1));
        var heldBack = allocator.Allocate();
        Assert.That(heldBack.Offers, Is.Empty);
        Assert.That(heldBack.OutcomeOf("framework2").Reason, Is.EqualTo(NoOfferReason.NothingLeft));

        // A new agent lets the quota role meet its guarantee; in the same cycle the held-back agent goes to framework2.
        allocator.AddAgent("agent3", R(Agent), "agent3");
        var third = allocator.Allocate();
        Assert.That(third.Offers.Select(o => (o.FrameworkId, o.AgentId)),
            Is.EquivalentTo(new[] { ("framework1", "agent3"), ("framework2", "agent2") }));
    }

    [Test]
    public void QuotaProvidesGuarantee_headroom_is_held_for_a_quota_role_without_frameworks()
    {
        allocator.SetQuotaGuarantee("quota-role", R("cpus:1;mem:512"));
        allocator.AddFramework("framework2", "no-quota-role");
        allocator.AddAgent("agent1", R(Agent), "agent1");
        allocator.AddAgent("agent2", R(Agent), "agent2");

        // One agent's worth stays unallocated for the quota role.
        Assert.That(allocator.Allocate().Offers, Has.Count.EqualTo(1));
        Assert.That(allocator.RoleStats("no-quota-role").HeldBackLastCycle, Is.EqualTo(R(Agent)));
        Assert.That(allocator.KnownRoles, Is.EqualTo(new[] { "no-quota-role", "quota-role" }));

        allocator.SetQuotaGuarantee("quota-role", ResourceSet.Empty);
        Assert.That(allocator.Allocate().Offers, Has.Count.EqualTo(1));
        Assert.That(allocator.RoleStats("no-quota-role").HeldBackLastCycle.IsEmpty, Is.True);
        Assert.That(allocator.FrameworkAllocation("framework2").Cpus, Is.EqualTo(2));
    }

    [Test]
    public void QuotaAgainstStarvation_a_role_whose_guarantee_is_met_does_not_starve_the_others()
    {
        allocator.SetQuotaGuarantee("quota-role", R("cpus:1;mem:512"));
        allocator.AddFramework("framework1", "quota-role");
        allocator.AddFramework("framework2", "no-quota-role");
        allocator.AddAgent("agent1", R(Agent), "agent1");
        allocator.AddAgent("agent2", R(Agent), "agent2");

        var first = allocator.Allocate();
        Assert.That(first.OffersTo("framework1").Single().AgentId, Is.EqualTo("agent1"));
        Assert.That(first.OffersTo("framework2").Single().AgentId, Is.EqualTo("agent2"));

        // framework2 keeps declining without a refusal; with the quota met, its lower share wins every time.
        var offer = first.OffersTo("framework2").Single();
        for (var round = 0; round < 5; round++)
        {
            allocator.RecoverResources("framework2", "agent2", offer.Resources, refuseFor: null);
            clock.Advance(TimeSpan.FromSeconds(1));
            offer = allocator.Allocate().Offers.Single();
            Assert.That(offer.FrameworkId, Is.EqualTo("framework2"), $"round {round}");
        }

        // Once framework1 gives its agent back, the quota role is owed again and gets it back first.
        allocator.RecoverResources("framework1", "agent1", first.OffersTo("framework1").Single().Resources, refuseFor: null);
        allocator.RecoverResources("framework2", "agent2", offer.Resources, refuseFor: null);
        var again = allocator.Allocate();
        Assert.That(again.OffersTo("framework1"), Has.Exactly(1).Items);
        Assert.That(again.OffersTo("framework2"), Has.Exactly(1).Items);
    }

    private static ResourceSet R(string text) => ResourceSet.Parse(text);
}
