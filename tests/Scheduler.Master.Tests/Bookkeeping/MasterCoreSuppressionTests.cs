using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>A new SUBSCRIBE sets suppression from its <c>suppressed_roles</c>, as Mesos does, whatever came before.</summary>
[TestFixture]
public sealed class MasterCoreSuppressionTests
{
    [Test]
    public void A_framework_that_suppressed_offers_gets_them_again_after_it_resubscribes()
    {
        var master = new MasterUnderTest();
        master.AddAgent("cpus:2;mem:1024");
        var first = master.Subscribe(Frameworks.Named("batch").WithFailoverTimeout(TimeSpan.FromMinutes(1)));
        master.Call(first, new Call { FrameworkId = new() { Value = first.Id }, Type = Call.Types.Type.Suppress });
        Assert.That(master.AllocateOffersTo(first), Is.Empty, "suppressed");

        var again = master.Subscribe(Frameworks.Named("batch").WithId(first.Id));

        Assert.That(master.AllocateOffersTo(again), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_subscribe_with_suppressed_roles_starts_suppressed()
    {
        var master = new MasterUnderTest();
        master.AddAgent("cpus:2;mem:1024");
        var subscribe = Frameworks.Named("quiet");
        subscribe.SuppressedRoles.Add("*");

        var framework = master.Subscribe(subscribe);

        Assert.That(master.AllocateOffersTo(framework), Is.Empty);
    }
}
