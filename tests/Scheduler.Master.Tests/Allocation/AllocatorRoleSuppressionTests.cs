using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

/// <summary>
/// Suppression and revival per role, and changing a framework's roles, with the intent of Apache Mesos's
/// HierarchicalAllocatorTest (SuppressAndReviveOffersWithMultiRole, UpdateFramework scenarios).
/// </summary>
[TestFixture]
public sealed class AllocatorRoleSuppressionTests
{
    private const string AgentResources = "cpus:2;mem:1024";

    private ManualClock clock = null!;
    private Allocator allocator = null!;

    [SetUp]
    public void SetUp()
    {
        clock = new ManualClock();
        allocator = new Allocator(clock, new RoundRobinAgentOrder());
    }

    [Test]
    public void SuppressAndReviveOffersWithMultiRole_a_framework_suppressing_one_role_is_offered_the_other()
    {
        allocator.AddFramework("framework1", ["role1", "role2"]);
        allocator.Suppress("framework1", ["role1"]);
        allocator.AddAgent("agent1", ResourceSet.Parse(AgentResources), "agent1");

        var offer = allocator.Allocate().Offers.Single();
        Assert.That(offer.Resources, Is.EqualTo(ResourceSet.Parse(AgentResources).Allocate("role2")));
        Assert.That(allocator.SuppressedRoles("framework1"), Is.EqualTo(new[] { "role1" }));
        Assert.That(allocator.IsSuppressed("framework1"), Is.False, "one role still wants offers");

        allocator.RecoverResources("framework1", "agent1", offer.Resources, refuseFor: null);
        allocator.Suppress("framework1", ["role2"]);
        var allSuppressed = allocator.Allocate();
        Assert.That(allSuppressed.Offers, Is.Empty);
        Assert.That(allSuppressed.OutcomeOf("framework1").Reason, Is.EqualTo(NoOfferReason.Suppressed));
        Assert.That(allocator.IsSuppressed("framework1"), Is.True);

        allocator.Revive("framework1", ["role1"]);
        var revived = allocator.Allocate().Offers.Single();
        Assert.That(revived.Resources, Is.EqualTo(ResourceSet.Parse(AgentResources).Allocate("role1")));
        Assert.That(allocator.SuppressedRoles("framework1"), Is.EqualTo(new[] { "role2" }));
    }

    [Test]
    public void Suppress_and_revive_without_roles_cover_every_role_of_the_framework()
    {
        allocator.AddFramework("framework1", ["role1", "role2"]);
        allocator.AddAgent("agent1", ResourceSet.Parse(AgentResources), "agent1");

        allocator.Suppress("framework1");
        Assert.That(allocator.SuppressedRoles("framework1"), Is.EqualTo(new[] { "role1", "role2" }));
        Assert.That(allocator.Allocate().Offers, Is.Empty);

        allocator.Revive("framework1");
        Assert.That(allocator.SuppressedRoles("framework1"), Is.Empty);
        Assert.That(allocator.Allocate().Offers, Has.Count.EqualTo(1));
    }

    [Test]
    public void Reviving_a_role_clears_the_refusals_of_that_role_only()
    {
        allocator.AddFramework("framework1", ["role1", "role2"]);
        allocator.AddAgent("agent1", ResourceSet.Parse(AgentResources), "agent1");
        allocator.AddAgent("agent2", ResourceSet.Parse(AgentResources), "agent2");
        var offers = allocator.Allocate().Offers;
        Assert.That(offers.Select(o => (o.AgentId, o.Resources.AllocationRoles().Single())),
            Is.EquivalentTo(new[] { ("agent1", "role1"), ("agent2", "role2") }));
        foreach (var offer in offers)
        {
            allocator.RecoverResources("framework1", offer.AgentId, offer.Resources, TimeSpan.FromDays(1));
        }

        var filtered = allocator.Allocate();
        Assert.That(filtered.Offers, Has.Count.EqualTo(2), "each agent goes to the role that did not refuse it");
        foreach (var offer in filtered.Offers)
        {
            allocator.RecoverResources("framework1", offer.AgentId, offer.Resources, TimeSpan.FromDays(1));
        }

        Assert.That(allocator.Allocate().OutcomeOf("framework1").Reason, Is.EqualTo(NoOfferReason.Filtered));

        allocator.Revive("framework1", ["role1"]);

        var afterRevive = allocator.Allocate();
        Assert.That(afterRevive.Offers.Select(o => o.Resources.AllocationRoles().Single()), Is.EqualTo(new[] { "role1", "role1" }));
        Assert.That(afterRevive.OutcomeOf("framework1").AgentsFiltered, Is.EqualTo(1),
            "role2, sorted ahead of role1 on agent2 once role1 holds agent1, still refuses agent2");
    }

    [Test]
    public void A_suppressed_role_does_not_count_as_waiting_for_offers()
    {
        allocator.AddFramework("framework1", ["role1", "role2"]);
        allocator.Suppress("framework1", ["role2"]);
        allocator.AddAgent("agent1", ResourceSet.Parse(AgentResources), "agent1");
        allocator.Allocate();

        var nothingLeft = allocator.Allocate().OutcomeOf("framework1");

        Assert.That(nothingLeft.Reason, Is.EqualTo(NoOfferReason.NothingLeft));
        Assert.That(nothingLeft.AgentsExhausted, Is.EqualTo(1), "one agent visited for the one unsuppressed role");

        allocator.Suppress("framework1", ["role1"]);
        var suppressed = allocator.Allocate().OutcomeOf("framework1");
        Assert.That(suppressed.Reason, Is.EqualTo(NoOfferReason.Suppressed));
        Assert.That(suppressed.AgentsExhausted, Is.Zero);
    }

    [Test]
    public void A_framework_with_a_suppressed_role_and_a_refused_role_is_reported_filtered()
    {
        allocator.AddFramework("framework1", ["role1", "role2"]);
        allocator.AddAgent("agent1", ResourceSet.Parse(AgentResources), "agent1");
        var offer = allocator.Allocate().Offers.Single();
        allocator.RecoverResources("framework1", "agent1", offer.Resources, TimeSpan.FromDays(1));
        allocator.Suppress("framework1", ["role2"]);

        var outcome = allocator.Allocate().OutcomeOf("framework1");

        Assert.That(outcome.Reason, Is.EqualTo(NoOfferReason.Filtered));
        Assert.That(outcome.AgentsFiltered, Is.EqualTo(1));
    }

    [Test]
    public void Suppressing_or_reviving_a_role_the_framework_is_not_in_is_refused()
    {
        allocator.AddFramework("framework1", ["role1"]);

        Assert.That(() => allocator.Suppress("framework1", ["role2"]), Throws.ArgumentException);
        Assert.That(() => allocator.Revive("framework1", ["role2"]), Throws.ArgumentException);
        Assert.That(() => allocator.AddFramework("framework2", ["role1"], suppressedRoles: ["role2"]), Throws.ArgumentException);
        Assert.That(allocator.SuppressedRoles("framework1"), Is.Empty);
    }

    [Test]
    public void A_framework_added_with_suppressed_roles_is_not_offered_them()
    {
        allocator.AddFramework("framework1", ["role1", "role2"], suppressedRoles: ["role1"]);
        allocator.AddAgent("agent1", ResourceSet.Parse(AgentResources), "agent1");

        Assert.That(allocator.Allocate().Offers.Single().Resources.AllocationRoles(), Is.EqualTo(new[] { "role2" }));
    }

    [Test]
    public void UpdateFramework_a_new_role_is_offered_and_a_left_role_keeps_its_allocation_until_released()
    {
        allocator.AddFramework("framework1", ["role1"]);
        allocator.AddAgent("agent1", ResourceSet.Parse(AgentResources), "agent1");
        var held = allocator.Allocate().Offers.Single().Resources;

        allocator.UpdateFramework("framework1", ["role2"], suppressedRoles: []);

        Assert.That(allocator.FrameworkRoles("framework1"), Is.EqualTo(new[] { "role2" }));
        Assert.That(allocator.RoleAllocation("role1"), Is.EqualTo(held), "what it holds in the role it left stays there");
        Assert.That(allocator.FrameworkAllocation("framework1"), Is.EqualTo(held));
        allocator.AddAgent("agent2", ResourceSet.Parse(AgentResources), "agent2");
        Assert.That(allocator.Allocate().Offers.Single().Resources, Is.EqualTo(ResourceSet.Parse(AgentResources).Allocate("role2")));

        allocator.RecoverResources("framework1", "agent1", held, TimeSpan.FromDays(1));

        Assert.That(allocator.RoleAllocation("role1").IsEmpty, Is.True);
        Assert.That(allocator.Roles, Is.EqualTo(new[] { "role2" }), "nobody is left in role1");
        var next = allocator.Allocate();
        Assert.That(next.Offers.Single().Resources, Is.EqualTo(ResourceSet.Parse(AgentResources).Allocate("role2")),
            "a release in a left role installs no refusal");
    }

    [Test]
    public void UpdateFramework_sets_the_suppressed_roles_and_clears_the_refusals_of_roles_it_unsuppresses()
    {
        allocator.AddFramework("framework1", ["role1", "role2"]);
        allocator.AddAgent("agent1", ResourceSet.Parse(AgentResources), "agent1");
        var offer = allocator.Allocate().Offers.Single();
        Assert.That(offer.Resources.AllocationRoles(), Is.EqualTo(new[] { "role1" }));
        allocator.RecoverResources("framework1", "agent1", offer.Resources, TimeSpan.FromDays(1));
        allocator.Suppress("framework1", ["role1", "role2"]);

        allocator.UpdateFramework("framework1", ["role1", "role2"], suppressedRoles: ["role2"]);

        Assert.That(allocator.SuppressedRoles("framework1"), Is.EqualTo(new[] { "role2" }));
        Assert.That(allocator.Allocate().Offers.Single().Resources.AllocationRoles(), Is.EqualTo(new[] { "role1" }),
            "role1's day-long refusal went with its suppression");
        Assert.That(() => allocator.UpdateFramework("framework1", ["role1"], suppressedRoles: ["role2"]), Throws.ArgumentException);
        Assert.That(allocator.FrameworkRoles("framework1"), Is.EqualTo(new[] { "role1", "role2" }), "a refused update changes nothing");
    }

    [Test]
    public void UpdateFramework_drops_the_refusals_of_a_role_the_framework_leaves_and_rejoins()
    {
        allocator.AddFramework("framework1", ["role1", "role2"]);
        allocator.AddAgent("agent1", ResourceSet.Parse(AgentResources), "agent1");
        var offer = allocator.Allocate().Offers.Single();
        allocator.RecoverResources("framework1", "agent1", offer.Resources, TimeSpan.FromDays(1));
        allocator.Suppress("framework1", ["role2"]);

        allocator.UpdateFramework("framework1", ["role2"], suppressedRoles: ["role2"]);
        allocator.UpdateFramework("framework1", ["role1", "role2"], suppressedRoles: ["role2"]);

        Assert.That(allocator.Allocate().Offers.Single().Resources.AllocationRoles(), Is.EqualTo(new[] { "role1" }));
    }
}
