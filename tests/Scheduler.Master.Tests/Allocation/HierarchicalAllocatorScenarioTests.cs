using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

/// <summary>
/// The intent of Apache Mesos's HierarchicalAllocatorTest scenarios. Mesos allocates on every
/// event; here each event is followed by an explicit cycle. Shares in the comments are
/// dominant shares of the cluster.
/// </summary>
[TestFixture]
public sealed class HierarchicalAllocatorScenarioTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private ManualClock clock = null!;
    private Allocator allocator = null!;

    [SetUp]
    public void SetUp()
    {
        clock = new ManualClock();
        allocator = new Allocator(clock, new RoundRobinAgentOrder(), allocationInterval: Interval);
    }

    [Test]
    public void UnreservedDRF_each_new_agent_goes_to_the_role_and_framework_with_the_lowest_share()
    {
        allocator.AddFramework("framework1", "role1");
        AddAgent("agent1", "cpus:2;mem:1024");
        AssertSingleOffer("framework1", "agent1", "cpus:2;mem:1024", "role1");

        allocator.AddFramework("framework2", "role2");
        AddAgent("agent2", "cpus:1;mem:512");
        AssertSingleOffer("framework2", "agent2", "cpus:1;mem:512", "role2");

        // Cluster cpus:6;mem:3584. role1 = 2/6 = 0.33, role2 = 1/6 = 0.17.
        AddAgent("agent3", "cpus:3;mem:2048");
        AssertSingleOffer("framework2", "agent3", "cpus:3;mem:2048", "role2");

        // Cluster cpus:10;mem:7680. role1 = 2/10 = 0.2, role2 = 4/10 = 0.4; within role1 framework3 holds nothing.
        allocator.AddFramework("framework3", "role1");
        AddAgent("agent4", "cpus:4;mem:4096");
        AssertSingleOffer("framework3", "agent4", "cpus:4;mem:4096", "role1");

        // Cluster cpus:11;mem:8192. role1 = 5120/8192 = 0.63, role2 = 4/11 = 0.36; framework4 holds nothing.
        allocator.AddFramework("framework4", "role2");
        AddAgent("agent5", "cpus:1;mem:512");
        AssertSingleOffer("framework4", "agent5", "cpus:1;mem:512", "role2");

        Assert.That(allocator.RoleDominantShare("role1"), Is.EqualTo(5120.0 / 8192).Within(1e-9));
        Assert.That(allocator.RoleDominantShare("role2"), Is.EqualTo(5.0 / 11).Within(1e-9));
    }

    [Test]
    public void ReservedDRF_reserved_resources_go_to_their_role_whatever_its_share()
    {
        allocator.AddFramework("framework1", "role1");
        AddAgent("agent1", "cpus(role1):2;mem(role1):1024");
        AssertSingleOffer("framework1", "agent1", "cpus(role1):2;mem(role1):1024", "role1");

        allocator.AddFramework("framework2", "role2");
        AddAgent("agent2", "cpus:1;mem:512");
        AssertSingleOffer("framework2", "agent2", "cpus:1;mem:512", "role2");

        // role1 holds more than role2, but only role1 may use these.
        AddAgent("agent3", "cpus(role1):3;mem(role1):2048");
        AssertSingleOffer("framework1", "agent3", "cpus(role1):3;mem(role1):2048", "role1");

        allocator.AddFramework("framework3", "role1");
        AddAgent("agent4", "cpus(role1):2;mem(role1):1024");
        AssertSingleOffer("framework3", "agent4", "cpus(role1):2;mem(role1):1024", "role1");

        // Unreserved resources follow the shares again: role2 = 1/9 against role1 = 7/9.
        AddAgent("agent5", "cpus:1;mem:512");
        AssertSingleOffer("framework2", "agent5", "cpus:1;mem:512", "role2");
    }

    [Test]
    public void ReservedDRF_a_mixed_agent_offers_the_reservation_with_the_unreserved_part_to_its_role()
    {
        allocator.AddFramework("framework1", "role1");
        allocator.AddFramework("framework2", "role2");
        AddAgent("agent1", "cpus(role2):2;mem(role2):1024;cpus:1;mem:1024");

        var offers = allocator.Allocate().Offers;

        // role1 sorts first (a tie broken by name) and takes the unreserved part; role2 gets its reservation.
        Assert.That(offers, Has.Count.EqualTo(2));
        Assert.That(offers.Single(o => o.FrameworkId == "framework1").Resources, Is.EqualTo(R("cpus:1;mem:1024").Allocate("role1")));
        Assert.That(offers.Single(o => o.FrameworkId == "framework2").Resources,
            Is.EqualTo(R("cpus(role2):2;mem(role2):1024").Allocate("role2")));
    }

    [Test]
    public void OfferFilter_a_declined_agent_is_not_offered_to_the_framework_until_the_refusal_ends()
    {
        allocator.AddFramework("framework1", "role1");
        AddAgent("agent1", "cpus:2;mem:1024");
        var offer = allocator.Allocate().Offers.Single();

        allocator.RecoverResources("framework1", "agent1", offer.Resources, TimeSpan.FromSeconds(30));

        for (var elapsed = Interval; elapsed < TimeSpan.FromSeconds(30); elapsed += Interval)
        {
            clock.Advance(Interval);
            var cycle = allocator.Allocate();
            Assert.That(cycle.Offers, Is.Empty, $"after {elapsed}");
            Assert.That(cycle.OutcomeOf("framework1").Reason, Is.EqualTo(NoOfferReason.Filtered));
        }

        // At 30 s the deadline is reached; the refusal holds for this one last cycle, then lapses.
        clock.Advance(Interval);
        Assert.That(allocator.Allocate().Offers, Is.Empty);
        clock.Advance(Interval);
        AssertSingleOffer("framework1", "agent1", "cpus:2;mem:1024", "role1");
    }

    [Test]
    public void SmallOfferFilterTimeout_a_refusal_shorter_than_the_interval_still_holds_for_the_next_cycle()
    {
        allocator.AddFramework("framework1", "role1");
        AddAgent("agent1", "cpus:1;mem:512");
        AssertSingleOffer("framework1", "agent1", "cpus:1;mem:512", "role1");

        allocator.AddFramework("framework2", "role1");
        AddAgent("agent2", "cpus:1;mem:512");
        var offer = AssertSingleOffer("framework2", "agent2", "cpus:1;mem:512", "role1");

        // framework2 declines for 1 s, less than the interval; it now holds nothing, framework1 half.
        allocator.RecoverResources("framework2", "agent2", offer.Resources, TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(1));
        clock.Advance(Interval);
        var toFramework1 = AssertSingleOffer("framework1", "agent2", "cpus:1;mem:512", "role1");

        // That cycle was the refusal's last: once framework1 declines, the lower share wins again.
        allocator.RecoverResources("framework1", "agent2", toFramework1.Resources, refuseFor: null);
        clock.Advance(Interval);
        AssertSingleOffer("framework2", "agent2", "cpus:1;mem:512", "role1");
    }

    [Test]
    public void SuppressAndReviveOffers_suppression_stops_offers_and_revival_clears_refusals()
    {
        allocator.AddFramework("framework1", "role1");
        AddAgent("agent1", "cpus:2;mem:1024");
        var offer = allocator.Allocate().Offers.Single();

        allocator.RecoverResources("framework1", "agent1", offer.Resources, TimeSpan.FromDays(1));
        allocator.Suppress("framework1");
        clock.Advance(Interval);
        var suppressed = allocator.Allocate();
        Assert.That(suppressed.Offers, Is.Empty);
        Assert.That(suppressed.OutcomeOf("framework1").Reason, Is.EqualTo(NoOfferReason.Suppressed));

        // Reviving removes the day-long refusal as well.
        allocator.Revive("framework1");
        clock.Advance(Interval);
        AssertSingleOffer("framework1", "agent1", "cpus:2;mem:1024", "role1");
    }

    [Test]
    public void UpdateWeight_a_heavier_role_receives_proportionally_more_agents()
    {
        allocator.AddFramework("framework1", "role1");
        allocator.AddFramework("framework2", "role2");
        for (var i = 1; i <= 6; i++)
        {
            AddAgent($"agent{i}", "cpus:2;mem:1024");
        }

        var equal = allocator.Allocate();
        Assert.That(equal.OffersTo("framework1").Count(), Is.EqualTo(3));
        Assert.That(equal.OffersTo("framework2").Count(), Is.EqualTo(3));
        RecoverAll(equal);

        allocator.UpdateRoleWeight("role2", 2);
        clock.Advance(Interval);
        var weighted = allocator.Allocate();

        // Weighted shares end equal: role1 2/6 against role2 (4/6) / 2.
        Assert.That(weighted.OffersTo("framework1").Count(), Is.EqualTo(2));
        Assert.That(weighted.OffersTo("framework2").Count(), Is.EqualTo(4));
        RecoverAll(weighted);

        allocator.UpdateRoleWeight("role1", 2);
        clock.Advance(Interval);
        var equalAgain = allocator.Allocate();
        Assert.That(equalAgain.OffersTo("framework1").Count(), Is.EqualTo(3));
        Assert.That(equalAgain.OffersTo("framework2").Count(), Is.EqualTo(3));
    }

    private void AddAgent(string id, string resources) => allocator.AddAgent(id, R(resources), id);

    private OfferDecision AssertSingleOffer(string frameworkId, string agentId, string resources, string role)
    {
        var offers = allocator.Allocate().Offers;
        Assert.That(offers, Has.Count.EqualTo(1), string.Join(", ", offers));
        var offer = offers[0];
        Assert.That((offer.FrameworkId, offer.AgentId), Is.EqualTo((frameworkId, agentId)));
        Assert.That(offer.Resources, Is.EqualTo(R(resources).Allocate(role)));
        return offer;
    }

    private void RecoverAll(AllocationResult result)
    {
        foreach (var offer in result.Offers)
        {
            allocator.RecoverResources(offer.FrameworkId, offer.AgentId, offer.Resources, refuseFor: null);
        }
    }

    private static ResourceSet R(string text) => ResourceSet.Parse(text);
}
