using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>Offers: what frameworks are offered, and what becomes of an offer they accept or decline.</summary>
[TestFixture]
public sealed class MasterCoreOfferTests
{
    private MasterUnderTest _master = null!;

    [SetUp]
    public void SetUp() => _master = new MasterUnderTest();

    [Test]
    public void A_connected_framework_is_offered_an_idle_agents_resources_with_the_agents_address()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024", "node-7.example.org");
        var framework = _master.Subscribe("batch");

        var offer = _master.SingleOfferTo(framework);

        Assert.Multiple(() =>
        {
            Assert.That(offer.Id.Value, Is.Not.Empty);
            Assert.That(offer.FrameworkId.Value, Is.EqualTo(framework.Id));
            Assert.That(offer.AgentId.Value, Is.EqualTo(agentId));
            Assert.That(offer.Hostname, Is.EqualTo("node-7.example.org"));
            Assert.That(offer.Url.Scheme, Is.EqualTo("http"));
            Assert.That(offer.Url.Address.Hostname, Is.EqualTo("node-7.example.org"));
            Assert.That(offer.Url.Address.Port, Is.EqualTo(5051));
            Assert.That(ResourceSet.FromProto(offer.Resources), Is.EqualTo(ResourceSet.Parse("cpus:2;mem:1024").Allocate("*")));
            Assert.That(offer.AllocationInfo.Role, Is.EqualTo("*"));
            Assert.That(_master.Core.Offers.Select(o => o.OfferId), Is.EqualTo(new[] { offer.Id.Value }));
            Assert.That(_master.Agent(agentId).Offered.Unallocate(), Is.EqualTo(ResourceSet.Parse("cpus:2;mem:1024")));
        });
    }

    [Test]
    public void Resources_on_offer_are_not_offered_again()
    {
        _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe("batch");
        _master.SingleOfferTo(framework);

        Assert.That(_master.AllocateOffersTo(framework), Is.Empty);
    }

    [Test]
    public void Accepting_with_a_launch_sends_the_task_to_the_agent_with_the_offered_resources()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe("batch");
        var offer = _master.SingleOfferTo(framework);

        var effects = _master.Call(framework, Calls.Accept(framework.Id, offer.Id.Value, TaskInfos.Shell("web-1", "cpus:1;mem:256")));

        var run = effects.MessagesTo<RunTask>(agentId).Single();
        var task = _master.Record(framework).Tasks["web-1"];
        Assert.Multiple(() =>
        {
            Assert.That(run.Framework.Id.Value, Is.EqualTo(framework.Id));
            Assert.That(run.Task.TaskId.Value, Is.EqualTo("web-1"));
            Assert.That(run.Task.AgentId.Value, Is.EqualTo(agentId));
            Assert.That(ResourceSet.FromProto(run.Task.Resources), Is.EqualTo(ResourceSet.Parse("cpus:1;mem:256").Allocate("*")));
            Assert.That(task.State, Is.EqualTo(TaskState.TaskStaging));
            Assert.That(task.AgentId.Value, Is.EqualTo(agentId));
            Assert.That(_master.Agent(agentId).Used.Unallocate(), Is.EqualTo(ResourceSet.Parse("cpus:1;mem:256")));
            Assert.That(_master.Agent(agentId).Offered, Is.EqualTo(ResourceSet.Empty));
            Assert.That(_master.Core.Offers, Is.Empty);
            Assert.That(effects.UpdatesTo(framework.Id), Is.Empty);
        });
    }

    [Test]
    public void The_unused_rest_of_an_accepted_offer_is_refused_for_the_default_five_seconds()
    {
        _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe("batch");
        _master.Launch(framework, "web-1", "cpus:1;mem:256");

        var offersRightAway = _master.AllocateOffersTo(framework);
        _master.Clock.Advance(TimeSpan.FromSeconds(4.9));
        var offersJustBefore = _master.AllocateOffersTo(framework);
        _master.Clock.Advance(TimeSpan.FromSeconds(0.1));
        var offersAfter = _master.AllocateOffersTo(framework);

        Assert.Multiple(() =>
        {
            Assert.That(offersRightAway, Is.Empty);
            Assert.That(offersJustBefore, Is.Empty);
            Assert.That(offersAfter, Has.Count.EqualTo(1));
            Assert.That(ResourceSet.FromProto(offersAfter.Single().Resources).Unallocate(), Is.EqualTo(ResourceSet.Parse("cpus:1;mem:768")));
        });
    }

    [Test]
    public void Accepting_with_refuse_seconds_zero_lets_the_rest_be_offered_again_at_once()
    {
        _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe("batch");
        var offer = _master.SingleOfferTo(framework);
        _master.Call(framework, Calls.Accept(framework.Id, [offer.Id.Value], [TaskInfos.Shell("web-1", "cpus:1;mem:256")], refuseSeconds: 0));

        var again = _master.SingleOfferTo(framework);

        Assert.That(ResourceSet.FromProto(again.Resources).Unallocate(), Is.EqualTo(ResourceSet.Parse("cpus:1;mem:768")));
    }

    [Test]
    public void A_task_bigger_than_the_offer_is_refused_with_task_error_and_not_launched()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe("batch");
        var offer = _master.SingleOfferTo(framework);

        var effects = _master.Call(framework, Calls.Accept(framework.Id, offer.Id.Value, TaskInfos.Shell("huge", "cpus:4;mem:256")));

        var update = effects.UpdatesTo(framework.Id).Single();
        Assert.Multiple(() =>
        {
            Assert.That(update.TaskId.Value, Is.EqualTo("huge"));
            Assert.That(update.State, Is.EqualTo(TaskState.TaskError));
            Assert.That(update.Reason, Is.EqualTo(TaskStatus.Types.Reason.TaskInvalid));
            Assert.That(update.Source, Is.EqualTo(TaskStatus.Types.Source.Master));
            Assert.That(update.Message, Does.Contain("more resources"));
            Assert.That(effects.AllAgentMessages(), Is.Empty);
            Assert.That(_master.Record(framework).Tasks, Is.Empty);
            Assert.That(_master.Agent(agentId).Used, Is.EqualTo(ResourceSet.Empty));
            Assert.That(_master.Core.Offers, Is.Empty, "the offer is used up by the accept");
        });
    }

    [Test]
    public void A_task_with_malformed_resources_is_refused_with_task_error()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe("batch");
        var offer = _master.SingleOfferTo(framework);
        var task = TaskInfos.Shell("negative", "mem:256");
        task.Resources.Add(new Protocol.V1.Resource { Name = "cpus", Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = -1 } });

        var (outcome, effects) = _master.Core.Handle(Calls.Accept(framework.Id, offer.Id.Value, task), framework.StreamId);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(CallOutcome.Accepted));
            Assert.That(effects.UpdatesTo(framework.Id).Select(u => (u.TaskId.Value, u.State, u.Reason)),
                Is.EqualTo(new[] { ("negative", TaskState.TaskError, TaskStatus.Types.Reason.TaskInvalid) }));
            Assert.That(effects.MessagesTo<RunTask>(agentId), Is.Empty);
        });
    }

    [Test]
    public void Only_the_tasks_that_fit_are_launched_from_one_offer()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe("batch");
        var offer = _master.SingleOfferTo(framework);

        var effects = _master.Call(framework, Calls.Accept(framework.Id, offer.Id.Value,
            TaskInfos.Shell("first", "cpus:1.5;mem:512"), TaskInfos.Shell("second", "cpus:1;mem:512")));

        Assert.Multiple(() =>
        {
            Assert.That(effects.MessagesTo<RunTask>(agentId).Select(r => r.Task.TaskId.Value), Is.EqualTo(new[] { "first" }));
            Assert.That(effects.UpdatesTo(framework.Id).Select(u => (u.TaskId.Value, u.State)),
                Is.EqualTo(new[] { ("second", TaskState.TaskError) }));
        });
    }

    [Test]
    public void Accepting_an_offer_that_does_not_exist_drops_the_tasks_with_invalid_offers()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe("batch");
        _master.SingleOfferTo(framework);

        var effects = _master.Call(framework, Calls.Accept(framework.Id, "master-1-O999", TaskInfos.Shell("web-1", "cpus:1;mem:256")));

        var update = effects.UpdatesTo(framework.Id).Single();
        Assert.Multiple(() =>
        {
            Assert.That(update.TaskId.Value, Is.EqualTo("web-1"));
            Assert.That(update.State, Is.EqualTo(TaskState.TaskDropped));
            Assert.That(update.Reason, Is.EqualTo(TaskStatus.Types.Reason.InvalidOffers));
            Assert.That(update.Message, Does.Contain("master-1-O999"));
            Assert.That(effects.MessagesTo<RunTask>(agentId), Is.Empty);
            Assert.That(_master.Record(framework).Tasks, Is.Empty);
        });
    }

    [Test]
    public void An_offer_already_accepted_is_stale()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe("batch");
        var offer = _master.SingleOfferTo(framework);
        _master.Call(framework, Calls.Accept(framework.Id, offer.Id.Value, TaskInfos.Shell("web-1", "cpus:1;mem:256")));

        var effects = _master.Call(framework, Calls.Accept(framework.Id, offer.Id.Value, TaskInfos.Shell("web-2", "cpus:1;mem:256")));

        Assert.Multiple(() =>
        {
            Assert.That(effects.UpdatesTo(framework.Id).Select(u => (u.TaskId.Value, u.State, u.Reason)),
                Is.EqualTo(new[] { ("web-2", TaskState.TaskDropped, TaskStatus.Types.Reason.InvalidOffers) }));
            Assert.That(effects.MessagesTo<RunTask>(agentId), Is.Empty);
            Assert.That(_master.Record(framework).Tasks.Keys, Is.EqualTo(new[] { "web-1" }));
        });
    }

    [Test]
    public void A_framework_cannot_accept_an_offer_made_to_another()
    {
        _master.AddAgent("cpus:2;mem:1024");
        var owner = _master.Subscribe("batch");
        var thief = _master.Subscribe("service");
        var offer = _master.SingleOfferTo(owner);

        var effects = _master.Call(thief, Calls.Accept(thief.Id, offer.Id.Value, TaskInfos.Shell("stolen", "cpus:1;mem:256")));

        Assert.Multiple(() =>
        {
            Assert.That(effects.UpdatesTo(thief.Id).Single().State, Is.EqualTo(TaskState.TaskDropped));
            Assert.That(effects.AllAgentMessages(), Is.Empty);
            Assert.That(_master.Core.Offers.Select(o => o.OfferId), Is.EqualTo(new[] { offer.Id.Value }), "the owner's offer stands");
        });
    }

    [Test]
    public void Declined_resources_are_kept_from_the_framework_until_refuse_seconds_have_passed()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe("batch");
        var offer = _master.SingleOfferTo(framework);

        var effects = _master.Call(framework, Calls.Decline(framework.Id, offer.Id.Value, refuseSeconds: 30));
        var offeredAfterDecline = _master.Agent(agentId).Offered;
        var offersRightAway = _master.AllocateOffersTo(framework);
        _master.Clock.Advance(TimeSpan.FromSeconds(29));
        var offersAt29Seconds = _master.AllocateOffersTo(framework);
        _master.Clock.Advance(TimeSpan.FromSeconds(1));
        var offersAt30Seconds = _master.AllocateOffersTo(framework);

        Assert.Multiple(() =>
        {
            Assert.That(effects, Is.Empty);
            Assert.That(offeredAfterDecline, Is.EqualTo(ResourceSet.Empty));
            Assert.That(_master.Core.Offers.Select(o => o.OfferId), Does.Not.Contain(offer.Id.Value));
            Assert.That(offersRightAway, Is.Empty);
            Assert.That(offersAt29Seconds, Is.Empty);
            Assert.That(offersAt30Seconds.Select(o => o.AgentId.Value), Is.EqualTo(new[] { agentId }));
            Assert.That(offersAt30Seconds.Single().Id.Value, Is.Not.EqualTo(offer.Id.Value), "a new offer, not the old one");
        });
    }

    [Test]
    public void Resources_one_framework_declines_are_offered_to_another()
    {
        _master.AddAgent("cpus:2;mem:1024");
        var batch = _master.Subscribe("batch");
        var service = _master.Subscribe("service");
        var offers = _master.Core.Allocate();
        var (decliner, other) = offers.OffersTo(batch.Id).Count == 1 ? (batch, service) : (service, batch);
        var offer = offers.OffersTo(decliner.Id).Single();

        _master.Call(decliner, Calls.Decline(decliner.Id, offer.Id.Value, refuseSeconds: 60));
        var next = _master.Core.Allocate();

        Assert.Multiple(() =>
        {
            Assert.That(next.OffersTo(decliner.Id), Is.Empty);
            Assert.That(next.OffersTo(other.Id), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Two_frameworks_of_equal_weight_share_identical_agents_evenly()
    {
        for (var i = 0; i < 4; i++) _master.AddAgent("cpus:1;mem:512", $"node-{i}.example.org");
        var batch = _master.Subscribe("batch");
        var service = _master.Subscribe("service");

        var effects = _master.Core.Allocate();

        Assert.Multiple(() =>
        {
            Assert.That(effects.OffersTo(batch.Id), Has.Count.EqualTo(2));
            Assert.That(effects.OffersTo(service.Id), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void A_late_framework_gets_freed_agents_until_its_share_catches_up()
    {
        for (var i = 0; i < 4; i++) _master.AddAgent("cpus:1;mem:512", $"node-{i}.example.org");
        var early = _master.Subscribe("early");
        var offers = _master.AllocateOffersTo(early);
        Assert.That(offers, Has.Count.EqualTo(4), "the only framework is offered every agent");
        _master.Call(early, Calls.Accept(early.Id, offers[0].Id.Value, TaskInfos.Shell("a", "cpus:1;mem:512")));
        _master.Call(early, Calls.Accept(early.Id, offers[1].Id.Value, TaskInfos.Shell("b", "cpus:1;mem:512")));
        _master.Call(early, Calls.Decline(early.Id, offers[2].Id.Value, refuseSeconds: 0));
        _master.Call(early, Calls.Decline(early.Id, offers[3].Id.Value, refuseSeconds: 0));
        var late = _master.Subscribe("late");

        var effects = _master.Core.Allocate();

        Assert.Multiple(() =>
        {
            Assert.That(effects.OffersTo(late.Id).Select(o => o.AgentId.Value),
                Is.EquivalentTo(new[] { offers[2].AgentId.Value, offers[3].AgentId.Value }));
            Assert.That(effects.OffersTo(early.Id), Is.Empty);
        });
    }
}
