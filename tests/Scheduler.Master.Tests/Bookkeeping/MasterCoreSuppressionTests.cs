using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>
/// SUPPRESS and REVIVE per role, and a SUBSCRIBE's <c>suppressed_roles</c>, which set suppression whatever came before, as Mesos.
/// </summary>
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

    [Test]
    public void A_multi_role_framework_suppressing_one_role_keeps_getting_offers_for_the_other()
    {
        var master = new MasterUnderTest();
        master.AddAgent("cpus:2;mem:1024");
        var framework = master.Subscribe(Frameworks.InRoles("multi", ["a", "b"]));

        master.Call(framework, Calls.Suppress(framework.Id, "a"));

        Assert.That(master.AllocateOffersTo(framework).Select(o => o.AllocationInfo.Role), Is.EqualTo(new[] { "b" }));
        Assert.That(master.Core.SuppressedRoles(framework.Id), Is.EqualTo(new[] { "a" }));
        Assert.That(master.Record(framework).Stats.LastNoOfferReason, Is.Null);
    }

    [Test]
    public void Suppress_or_revive_of_a_role_the_framework_is_not_in_is_refused_whole()
    {
        var master = new MasterUnderTest();
        var framework = master.Subscribe(Frameworks.InRoles("multi", ["a", "b"]));

        var (suppress, _) = master.Core.Handle(Calls.Suppress(framework.Id, "a", "gpu"), framework.StreamId);
        var (revive, _) = master.Core.Handle(Calls.Revive(framework.Id, "eng/"), framework.StreamId);

        Assert.That(suppress.StatusCode, Is.EqualTo(400));
        Assert.That(suppress.Error, Is.EqualTo("suppression role 'gpu' is not one of the framework's subscribed roles"));
        Assert.That(revive.StatusCode, Is.EqualTo(400));
        Assert.That(revive.Error, Does.StartWith("revive role 'eng/' is invalid: "));
        Assert.That(master.Core.SuppressedRoles(framework.Id), Is.Empty, "not even the valid role was suppressed");
    }

    [Test]
    public void A_subscribe_suppressing_a_role_it_does_not_subscribe_to_is_refused()
    {
        var master = new MasterUnderTest();

        var (outcome, _) = master.Core.Subscribe(Frameworks.InRoles("multi", ["a"], suppressedRoles: ["b"]));

        Assert.That(outcome.Error, Is.EqualTo("Suppressed roles { b } are not contained in the set of roles"));
    }

    [Test]
    public void A_resubscription_sets_the_suppressed_roles_to_those_it_names()
    {
        var master = new MasterUnderTest();
        master.AddAgent("cpus:2;mem:1024");
        var first = master.Subscribe(Frameworks.InRoles("multi", ["a", "b"], suppressedRoles: ["a"]));
        Assert.That(master.AllocateOffersTo(first).Select(o => o.AllocationInfo.Role), Is.EqualTo(new[] { "b" }));

        var again = master.Subscribe(Frameworks.InRoles("multi", ["a", "b"], suppressedRoles: ["b"]).WithId(first.Id));

        Assert.That(master.Core.SuppressedRoles(again.Id), Is.EqualTo(new[] { "b" }));
        Assert.That(master.AllocateOffersTo(again).Select(o => o.AllocationInfo.Role), Is.EqualTo(new[] { "a" }));
    }
}
