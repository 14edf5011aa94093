using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

[TestFixture]
public sealed class AllocatorOfferFilterTests
{
    private static readonly ResourceSet AgentTotal = ResourceSet.Parse("cpus:4;mem:4096");

    private ManualClock clock = null!;
    private Allocator allocator = null!;

    [SetUp]
    public void SetUp()
    {
        clock = new ManualClock();
        allocator = new Allocator(clock, new RoundRobinAgentOrder());
        allocator.AddAgent("agent-1", AgentTotal, "host-1");
        allocator.AddFramework("fw-1", "web");
    }

    [Test]
    public void A_declined_agent_is_filtered_until_the_refusal_expires()
    {
        var offer = allocator.Allocate().Offers.Single();
        allocator.RecoverResources("fw-1", "agent-1", offer.Resources, TimeSpan.FromSeconds(5));

        clock.Advance(TimeSpan.FromSeconds(4.999));
        var whileFiltered = allocator.Allocate();
        Assert.That(whileFiltered.Offers, Is.Empty);
        Assert.That(whileFiltered.OutcomeOf("fw-1"),
            Is.EqualTo(new FrameworkAllocationOutcome("fw-1", 0, AgentsFiltered: 1, AgentsExhausted: 0, NoOfferReason.Filtered)));
        Assert.That(whileFiltered.CountWithoutOffer(NoOfferReason.Filtered), Is.EqualTo(1));
        Assert.That(allocator.AgentAllocated("agent-1").IsEmpty, Is.True);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var afterExpiry = allocator.Allocate();
        Assert.That(afterExpiry.Offers.Single().Resources, Is.EqualTo(AgentTotal.Allocate("web")));
        Assert.That(afterExpiry.OutcomeOf("fw-1").Reason, Is.Null);
    }

    [Test]
    public void A_refusal_filters_only_the_framework_that_declined()
    {
        allocator.AddFramework("fw-2", "web");
        var first = allocator.Allocate().Offers.Single();
        Assert.That(first.FrameworkId, Is.EqualTo("fw-1"));
        allocator.RecoverResources("fw-1", "agent-1", first.Resources, TimeSpan.FromMinutes(1));

        // Both hold nothing; fw-2 has been allocated to fewer times, so it comes first anyway.
        var second = allocator.Allocate().Offers.Single();
        Assert.That(second.FrameworkId, Is.EqualTo("fw-2"));
        allocator.RecoverResources("fw-2", "agent-1", second.Resources, refuseFor: null);

        // Now fw-1 sorts first (a tie broken by name), but its refusal passes the agent on to fw-2.
        var third = allocator.Allocate();
        Assert.That(third.Offers.Single().FrameworkId, Is.EqualTo("fw-2"));
        Assert.That(third.OutcomeOf("fw-1"),
            Is.EqualTo(new FrameworkAllocationOutcome("fw-1", 0, AgentsFiltered: 1, AgentsExhausted: 0, NoOfferReason.Filtered)));
    }

    [Test]
    public void A_refusal_stops_filtering_once_the_agent_has_more_than_was_refused()
    {
        var offer = allocator.Allocate().Offers.Single();
        var task = ResourceSet.Parse("cpus:2;mem:1024").Allocate("web");
        allocator.RecoverResources("fw-1", "agent-1", offer.Resources - task, TimeSpan.FromHours(1));
        Assert.That(allocator.Allocate().Offers, Is.Empty);

        // The task ends: now the agent offers more than the refused cpus:2;mem:3072.
        allocator.RecoverResources("fw-1", "agent-1", task, refuseFor: null);

        Assert.That(allocator.Allocate().Offers.Single().Resources, Is.EqualTo(AgentTotal.Allocate("web")));
    }

    [Test]
    public void Without_a_refusal_duration_recovered_resources_are_offered_again_at_once()
    {
        var offer = allocator.Allocate().Offers.Single();
        allocator.RecoverResources("fw-1", "agent-1", offer.Resources, refuseFor: null);

        Assert.That(allocator.Allocate().Offers.Single().Resources, Is.EqualTo(offer.Resources));
    }

    [Test]
    public void A_zero_refusal_installs_no_filter_and_a_negative_one_means_the_default()
    {
        var offer = allocator.Allocate().Offers.Single();
        allocator.RecoverResources("fw-1", "agent-1", offer.Resources, TimeSpan.Zero);
        Assert.That(allocator.Allocate().Offers, Has.Count.EqualTo(1));

        allocator.RecoverResources("fw-1", "agent-1", offer.Resources, TimeSpan.FromSeconds(-1));
        clock.Advance(Allocator.DefaultRefuseDuration - TimeSpan.FromTicks(1));
        Assert.That(allocator.Allocate().Offers, Is.Empty);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.That(allocator.Allocate().Offers, Has.Count.EqualTo(1));
    }

    [Test]
    public void Refusals_are_capped_at_a_year()
    {
        var offer = allocator.Allocate().Offers.Single();
        allocator.RecoverResources("fw-1", "agent-1", offer.Resources, TimeSpan.FromDays(1000));

        clock.Advance(TimeSpan.FromDays(365) - TimeSpan.FromSeconds(1));
        Assert.That(allocator.Allocate().Offers, Is.Empty);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(allocator.Allocate().Offers, Has.Count.EqualTo(1));
    }

    [Test]
    public void Suppress_stops_offers_and_revive_resumes_them()
    {
        allocator.Suppress("fw-1");
        var suppressed = allocator.Allocate();
        Assert.That(suppressed.Offers, Is.Empty);
        Assert.That(suppressed.OutcomeOf("fw-1").Reason, Is.EqualTo(NoOfferReason.Suppressed));
        Assert.That(allocator.IsSuppressed("fw-1"), Is.True);

        allocator.Revive("fw-1");

        Assert.That(allocator.Allocate().Offers.Single().FrameworkId, Is.EqualTo("fw-1"));
        Assert.That(allocator.IsSuppressed("fw-1"), Is.False);
    }

    [Test]
    public void Revive_drops_refusal_filters()
    {
        var offer = allocator.Allocate().Offers.Single();
        allocator.RecoverResources("fw-1", "agent-1", offer.Resources, TimeSpan.FromHours(1));
        Assert.That(allocator.Allocate().Offers, Is.Empty);

        allocator.Revive("fw-1");

        Assert.That(allocator.Allocate().Offers, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_suppressed_framework_that_reactivates_stays_suppressed()
    {
        allocator.Suppress("fw-1");
        allocator.DeactivateFramework("fw-1");
        Assert.That(allocator.Allocate().OutcomeOf("fw-1").Reason, Is.EqualTo(NoOfferReason.Inactive));

        allocator.ActivateFramework("fw-1");

        Assert.That(allocator.Allocate().OutcomeOf("fw-1").Reason, Is.EqualTo(NoOfferReason.Suppressed));
    }
}
