using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using static Scheduler.Master.Tests.Bookkeeping.OfferOperations;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>
/// Dynamic reservations made and released by frameworks through RESERVE and UNRESERVE offer operations, in the
/// intent of Mesos's ReservationTest (ReserveThenUnreserve, ReserveAndLaunchThenUnreserve, agent re-registration
/// with checkpointed resources).
/// </summary>
[TestFixture]
public sealed class MasterCoreReservationTests
{
    private MasterUnderTest _master = null!;

    [SetUp]
    public void SetUp() => _master = new MasterUnderTest();

    [Test]
    public void A_reservation_is_offered_back_to_the_role_with_its_principal_and_checkpointed_on_the_agent()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe(Frameworks.InRoles("web", ["web"]));
        var offer = _master.SingleOfferTo(framework);

        var effects = _master.Call(framework, Accept(framework.Id, offer.Id.Value, Reserve(Dynamic("cpus:1;mem:512", "web"))));

        var checkpoint = effects.MessagesTo<CheckpointResources>(agentId).Single();
        Assert.That(ResourceSet.FromProto(checkpoint.Resources), Is.EqualTo(Dynamic("cpus:1;mem:512", "web")));
        Assert.That(_master.Agent(agentId).Total, Is.EqualTo(ResourceSet.Parse("cpus:1;mem:512") + Dynamic("cpus:1;mem:512", "web")));

        _master.Clock.Advance(TimeSpan.FromSeconds(10));
        var again = _master.SingleOfferTo(framework);
        var offered = ResourceSet.FromProto(again.Resources);
        Assert.That(offered.Reserved("web"), Is.EqualTo(Dynamic("cpus:1;mem:512", "web").Allocate("web")));
        var reservation = again.Resources.First(r => r.Reservations.Count > 0).Reservations.Single();
        Assert.That(reservation.Type, Is.EqualTo(Protocol.V1.Resource.Types.ReservationInfo.Types.Type.Dynamic));
        Assert.That(reservation.Principal, Is.EqualTo("ops"));
    }

    [Test]
    public void Reserved_resources_are_not_offered_to_another_role()
    {
        _master.AddAgent("cpus:2;mem:1024");
        var web = _master.Subscribe(Frameworks.InRoles("web", ["web"]));
        var offer = _master.SingleOfferTo(web);
        _master.Call(web, Accept(web.Id, offer.Id.Value, Reserve(Dynamic("cpus:1;mem:512", "web"))));

        var batch = _master.Subscribe(Frameworks.InRoles("batch", ["batch"]));
        _master.Clock.Advance(TimeSpan.FromSeconds(10));
        var offers = _master.Core.Allocate().OffersTo(batch.Id);

        Assert.That(offers, Has.Count.EqualTo(1));
        Assert.That(ResourceSet.FromProto(offers[0].Resources).Unallocate(), Is.EqualTo(ResourceSet.Parse("cpus:1;mem:512")));
    }

    [Test]
    public void Reserve_and_launch_in_one_accept_runs_the_task_on_the_reservation()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe(Frameworks.InRoles("web", ["web"]));
        var offer = _master.SingleOfferTo(framework);
        var reserved = Dynamic("cpus:1;mem:512", "web");
        var task = TaskInfos.Shell("web-1", "cpus:1");
        task.Resources.Clear();
        task.Resources.AddRange(reserved.Allocate("web").ToProto());

        var effects = _master.Call(framework, Accept(framework.Id, offer.Id.Value, Reserve(reserved), Launch(task)));

        var run = effects.MessagesTo<RunTask>(agentId).Single();
        Assert.That(ResourceSet.FromProto(run.Task.Resources).Unallocate(), Is.EqualTo(reserved));
        Assert.That(effects.UpdatesTo(framework.Id), Is.Empty, "no task refused");
    }

    [Test]
    public void Unreserve_gives_the_resources_back_to_every_role()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var web = _master.Subscribe(Frameworks.InRoles("web", ["web"]));
        _master.Call(web, Accept(web.Id, _master.SingleOfferTo(web).Id.Value, Reserve(Dynamic("cpus:1", "web"))));
        _master.Clock.Advance(TimeSpan.FromSeconds(10));
        var offer = _master.SingleOfferTo(web);

        var effects = _master.Call(web, Accept(web.Id, offer.Id.Value, Unreserve(Dynamic("cpus:1", "web").Allocate("web"))));

        Assert.That(effects.MessagesTo<CheckpointResources>(agentId).Single().Resources, Is.Empty);
        Assert.That(_master.Agent(agentId).Total, Is.EqualTo(ResourceSet.Parse("cpus:2;mem:1024")));
    }

    [Test]
    public void A_reservation_for_a_role_the_framework_does_not_have_is_dropped_and_the_offer_returns()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe(Frameworks.InRoles("web", ["web"]));
        var offer = _master.SingleOfferTo(framework);
        var other = ResourceSet.Of(Dynamic("cpus:1", "ops").Select(r => r.WithAllocation("ops")));

        var effects = _master.Call(framework, Accept(framework.Id, offer.Id.Value, Reserve(other)));

        Assert.That(effects.MessagesTo<CheckpointResources>(agentId), Is.Empty);
        Assert.That(_master.Agent(agentId).Total, Is.EqualTo(ResourceSet.Parse("cpus:2;mem:1024")));
        Assert.That(_master.Record(framework).Stats.OperationsDropped, Is.EqualTo(1));
    }

    [Test]
    public void Reserving_more_than_the_offer_holds_is_dropped()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe(Frameworks.InRoles("web", ["web"]));
        var offer = _master.SingleOfferTo(framework);

        _master.Call(framework, Accept(framework.Id, offer.Id.Value, Reserve(Dynamic("cpus:4", "web"))));

        Assert.That(_master.Agent(agentId).Total.Reserved(), Is.EqualTo(ResourceSet.Empty));
        Assert.That(_master.Record(framework).Stats.OperationsDropped, Is.EqualTo(1));
    }

    [Test]
    public void An_agent_registering_with_checkpointed_reservations_has_them_in_its_total()
    {
        var register = Agents.With("cpus:2;mem:1024");
        register.CheckpointedResources.AddRange(Dynamic("cpus:1", "web").ToProto());

        var (agentId, _) = _master.Core.RegisterAgent(register);

        Assert.That(_master.Agent(agentId).Total, Is.EqualTo(ResourceSet.Parse("cpus:1;mem:1024") + Dynamic("cpus:1", "web")));
        var framework = _master.Subscribe(Frameworks.InRoles("batch", ["batch"]));
        var offered = ResourceSet.FromProto(_master.SingleOfferTo(framework).Resources).Unallocate();
        Assert.That(offered, Is.EqualTo(ResourceSet.Parse("cpus:1;mem:1024")));
    }

    [Test]
    public void An_operator_reserves_free_resources_rescinding_an_offer_that_holds_them()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe(Frameworks.InRoles("batch", ["batch"]));
        var offer = _master.SingleOfferTo(framework);

        var (error, effects) = _master.Core.UpdateReservations(agentId, Dynamic("cpus:1", "web"), reserve: true);

        Assert.That(error, Is.Null);
        Assert.That(effects.EventsTo(framework.Id).Single().Rescind.OfferId, Is.EqualTo(offer.Id));
        Assert.That(ResourceSet.FromProto(effects.MessagesTo<CheckpointResources>(agentId).Single().Resources), Is.EqualTo(Dynamic("cpus:1", "web")));
        Assert.That(_master.Agent(agentId).Total, Is.EqualTo(ResourceSet.Parse("cpus:1;mem:1024") + Dynamic("cpus:1", "web")));
        var reoffered = ResourceSet.FromProto(_master.SingleOfferTo(framework).Resources).Unallocate();
        Assert.That(reoffered, Is.EqualTo(ResourceSet.Parse("cpus:1;mem:1024")), "the reservation is not offered to another role");
    }

    [Test]
    public void An_operator_cannot_reserve_what_tasks_use_or_unreserve_what_is_not_reserved()
    {
        var agentId = _master.AddAgent("cpus:1;mem:1024");
        var framework = _master.Subscribe(Frameworks.InRoles("batch", ["batch"]));
        _master.Launch(framework, "busy", "cpus:1;mem:128");

        var (error, _) = _master.Core.UpdateReservations(agentId, Dynamic("cpus:1", "web"), reserve: true);
        Assert.That(error?.Status, Is.EqualTo(409));
        Assert.That(error?.Message, Does.StartWith("Invalid RESERVE operation: the agent's free resources"));

        (error, _) = _master.Core.UpdateReservations(agentId, Dynamic("mem:64", "web"), reserve: false);
        Assert.That(error?.Status, Is.EqualTo(409));
        Assert.That(error?.Message, Does.Contain("does not contain mem(web, ops):64"));

        (error, _) = _master.Core.UpdateReservations("no-such-agent", Dynamic("mem:64", "web"), reserve: true);
        Assert.That(error, Is.EqualTo((400, "No agent found with specified ID 'no-such-agent'")));
    }

    [Test]
    public void An_operator_unreserves_a_reservation_back_into_the_unreserved_pool()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        _master.Core.UpdateReservations(agentId, Dynamic("cpus:1", "web"), reserve: true);

        var (error, effects) = _master.Core.UpdateReservations(agentId, Dynamic("cpus:1", "web"), reserve: false);

        Assert.That(error, Is.Null);
        Assert.That(effects.MessagesTo<CheckpointResources>(agentId).Single().Resources, Is.Empty);
        Assert.That(_master.Agent(agentId).Total, Is.EqualTo(ResourceSet.Parse("cpus:2;mem:1024")));
    }
}
