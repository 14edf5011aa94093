using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

/// <summary>
/// Hierarchical roles, after Mesos's HierarchicalAllocatorTest.NestedRoleDRF and its companions:
/// siblings share their parent's fair share, weights apply per role path, and a reservation for a
/// role serves the roles below it. Every agent is the same size, so a role's share is the number
/// of agents it holds.
/// </summary>
[TestFixture]
public sealed class HierarchicalRoleScenarioTests
{
    private const string Agent = "cpus:1;mem:512";

    private ManualClock clock = null!;
    private Allocator allocator = null!;

    [SetUp]
    public void SetUp()
    {
        clock = new ManualClock();
        allocator = new Allocator(clock, new RoundRobinAgentOrder(), allocationInterval: TimeSpan.FromSeconds(1));
    }

    [Test]
    public void NestedRoleDRF_two_sub_roles_share_their_parents_fair_share_and_a_sibling_top_level_role_gets_its_own()
    {
        allocator.AddFramework("framework-ab", "a/b");
        allocator.AddFramework("framework-ac", "a/c");
        allocator.AddFramework("framework-d", "d");
        AddAgents(6);

        var offers = allocator.Allocate();

        // Flat roles would give each of a/b, a/c and d two agents; as a tree, a and d get three each.
        Assert.That(offers.OffersTo("framework-d").Count(), Is.EqualTo(3));
        Assert.That(offers.OffersTo("framework-ab").Count(), Is.EqualTo(2));
        Assert.That(offers.OffersTo("framework-ac").Count(), Is.EqualTo(1));
        Assert.That(allocator.RoleSubtreeScalarQuantities("a")["cpus"], Is.EqualTo(3.0));
        Assert.That(allocator.RoleAllocation("a/b"), Is.EqualTo(R("cpus:2;mem:1024").Allocate("a/b")));
        Assert.That(allocator.KnownRoles, Is.EqualTo(new[] { "a", "a/b", "a/c", "d" }));
    }

    [Test]
    public void NestedRoleDRF_agents_added_one_by_one_alternate_between_the_parent_and_its_sibling()
    {
        allocator.AddFramework("framework-ab", "a/b");
        allocator.AddFramework("framework-ac", "a/c");
        allocator.AddFramework("framework-d", "d");

        var receivers = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            allocator.AddAgent($"agent-{i}", R(Agent), $"agent-{i}");
            receivers.Add(allocator.Allocate().Offers.Single().FrameworkId);
        }

        // a and d tie and a wins by name; then d; then a, where a/c has less than a/b; then d.
        Assert.That(receivers, Is.EqualTo(new[] { "framework-ab", "framework-d", "framework-ac", "framework-d" }));
    }

    [Test]
    public void A_weight_on_a_parent_role_is_shared_by_the_roles_below_it()
    {
        allocator.UpdateRoleWeight("eng", 2);
        allocator.AddFramework("framework-batch", "eng/batch");
        allocator.AddFramework("framework-web", "eng/web");
        allocator.AddFramework("framework-ops", "ops");
        AddAgents(6);

        var offers = allocator.Allocate();

        Assert.That(offers.OffersTo("framework-ops").Count(), Is.EqualTo(2));
        Assert.That(offers.OffersTo("framework-batch").Count(), Is.EqualTo(2));
        Assert.That(offers.OffersTo("framework-web").Count(), Is.EqualTo(2));
        Assert.That(allocator.RoleWeight("eng"), Is.EqualTo(2.0));
    }

    [Test]
    public void A_framework_of_an_inner_role_competes_with_the_roles_below_it()
    {
        allocator.AddFramework("framework-eng", "eng");
        allocator.AddFramework("framework-batch", "eng/batch");
        allocator.AddFramework("framework-ops", "ops");
        AddAgents(4);

        var offers = allocator.Allocate();

        Assert.That(offers.OffersTo("framework-ops").Count(), Is.EqualTo(2));
        Assert.That(offers.OffersTo("framework-eng").Count(), Is.EqualTo(1));
        Assert.That(offers.OffersTo("framework-batch").Count(), Is.EqualTo(1));
        Assert.That(allocator.RoleAllocation("eng"), Is.EqualTo(R(Agent).Allocate("eng")));
        Assert.That(allocator.RoleSubtreeScalarQuantities("eng")["cpus"], Is.EqualTo(2.0));
    }

    [Test]
    public void A_reservation_for_a_parent_role_is_offered_to_the_roles_below_it_and_to_no_other()
    {
        allocator.AddFramework("framework-ops", "ops");
        allocator.AddFramework("framework-batch", "eng/batch");
        allocator.AddAgent("agent-1", R("cpus(eng):2;mem(eng):1024"), "agent-1");

        var offer = allocator.Allocate().Offers.Single();

        Assert.That(offer.FrameworkId, Is.EqualTo("framework-batch"));
        Assert.That(offer.Role, Is.EqualTo("eng/batch"));
        Assert.That(offer.Resources, Is.EqualTo(R("cpus(eng):2;mem(eng):1024").Allocate("eng/batch")));
        Assert.That(offer.Resources.All(resource => resource.ReservationRole == "eng"), Is.True);

        allocator.RecoverResources("framework-batch", "agent-1", offer.Resources, refuseFor: TimeSpan.FromDays(1));
        clock.Advance(TimeSpan.FromSeconds(2));
        var declined = allocator.Allocate();
        Assert.That(declined.Offers, Is.Empty, "ops may not use eng's reservation");
        Assert.That(declined.OutcomeOf("framework-ops").Reason, Is.EqualTo(NoOfferReason.NothingLeft));
        Assert.That(allocator.RoleStats("eng/batch").FrameworksFilteredLastCycle, Is.EqualTo(1));
    }

    [Test]
    public void A_reservation_for_a_sub_role_is_not_offered_to_its_parent()
    {
        allocator.AddFramework("framework-eng", "eng");
        allocator.AddAgent("agent-1", R("cpus(eng/batch):2;mem(eng/batch):1024"), "agent-1");

        Assert.That(allocator.Allocate().Offers, Is.Empty);
    }

    [Test]
    public void A_framework_in_a_sub_role_and_a_top_level_role_gets_one_offer_per_role_it_wins()
    {
        allocator.AddFramework("framework-multi", ["eng/batch", "ops"]);
        allocator.AddAgent("agent-1", R("cpus(eng):1;mem(eng):512;cpus(ops):2;mem(ops):512"), "agent-1");

        var offers = allocator.Allocate().Offers;

        Assert.That(offers.Select(offer => (offer.FrameworkId, offer.Role)), Is.EquivalentTo(new[]
        {
            ("framework-multi", "eng/batch"),
            ("framework-multi", "ops"),
        }));
        Assert.That(offers.Single(offer => offer.Role == "ops").Resources, Is.EqualTo(R("cpus(ops):2;mem(ops):512").Allocate("ops")));
    }

    private void AddAgents(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            allocator.AddAgent($"agent-{i}", R(Agent), $"agent-{i}");
        }
    }

    private static ResourceSet R(string text) => ResourceSet.Parse(text);
}
