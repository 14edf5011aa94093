using Scheduler.Master.Allocation;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>Mesos's MasterTest.OfferTimeout, and the counters that tell an operator why a framework gets what it gets.</summary>
[TestFixture]
public sealed class MasterCoreOfferTimeoutTests
{
    [Test]
    public void An_unanswered_offer_is_rescinded_after_the_offer_timeout_and_offered_again()
    {
        var master = new MasterUnderTest(offerTimeout: TimeSpan.FromSeconds(30));
        master.AddAgent("cpus:2;mem:1024");
        var framework = master.Subscribe("batch");
        var offer = master.SingleOfferTo(framework);

        master.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.That(master.Core.Allocate().EventsTo(framework.Id), Is.Empty, "not yet");

        master.Clock.Advance(TimeSpan.FromSeconds(1));
        var events = master.Core.Allocate().EventsTo(framework.Id);

        Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { Event.Types.Type.Rescind, Event.Types.Type.Offers }));
        Assert.That(events[0].Rescind.OfferId.Value, Is.EqualTo(offer.Id.Value));
        Assert.That(events[1].Offers.Offers_.Single().Id.Value, Is.Not.EqualTo(offer.Id.Value));
        Assert.That(master.Record(framework).Stats.OffersRescinded, Is.EqualTo(1));
    }

    [Test]
    public void Without_an_offer_timeout_offers_stay_outstanding()
    {
        var master = new MasterUnderTest();
        master.AddAgent("cpus:2;mem:1024");
        var framework = master.Subscribe("batch");
        master.SingleOfferTo(framework);

        master.Clock.Advance(TimeSpan.FromDays(1));

        Assert.That(master.Core.Allocate().EventsTo(framework.Id), Is.Empty);
        Assert.That(master.Core.Offers, Has.Count.EqualTo(1));
    }

    [Test]
    public void Offer_stats_count_offers_made_declined_and_why_nothing_more_came()
    {
        var master = new MasterUnderTest();
        master.AddAgent("cpus:2;mem:1024");
        var framework = master.Subscribe("batch");
        var offer = master.SingleOfferTo(framework);

        master.Call(framework, Calls.Decline(framework.Id, offer.Id.Value, refuseSeconds: 60));
        master.Core.Allocate();

        var stats = master.Record(framework).Stats;
        Assert.That(stats.OffersMade, Is.EqualTo(1));
        Assert.That(stats.OffersDeclined, Is.EqualTo(1));
        Assert.That(stats.LastNoOfferReason, Is.EqualTo(NoOfferReason.Filtered));
        Assert.That(stats.AgentsFilteredLastCycle, Is.EqualTo(1));
    }
}
