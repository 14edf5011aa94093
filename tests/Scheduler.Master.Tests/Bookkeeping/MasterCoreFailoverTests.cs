using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>A framework whose stream ends: the master waits its failover timeout before giving up on it.</summary>
[TestFixture]
public sealed class MasterCoreFailoverTests
{
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromMinutes(10);

    private MasterUnderTest _master = null!;
    private string _agentId = null!;
    private SubscribedFramework _framework = null!;

    [SetUp]
    public void SetUp()
    {
        _master = new MasterUnderTest();
        _agentId = _master.AddAgent("cpus:2;mem:1024");
        _framework = _master.Subscribe(Frameworks.Named("batch").WithFailoverTimeout(FailoverTimeout));
    }

    [Test]
    public void A_disconnected_framework_is_scheduled_for_removal_after_its_failover_timeout()
    {
        var effects = _master.Core.FrameworkDisconnected(_framework.Id, _framework.StreamId);

        Assert.Multiple(() =>
        {
            Assert.That(effects.OfType<MasterEffect.ScheduleFailover>().Single(),
                Is.EqualTo(new MasterEffect.ScheduleFailover(_framework.Id, _framework.StreamId, FailoverTimeout)));
            Assert.That(effects.Persisted<FrameworkRemoved>(), Is.Empty);
            Assert.That(_master.Record(_framework).Connected, Is.False);
        });
    }

    [Test]
    public void Without_a_failover_timeout_removal_is_scheduled_at_once()
    {
        var impatient = _master.Subscribe("impatient");

        var effects = _master.Core.FrameworkDisconnected(impatient.Id, impatient.StreamId);

        Assert.That(effects.OfType<MasterEffect.ScheduleFailover>().Single().After, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void A_disconnected_framework_loses_its_offers_silently_and_gets_no_new_ones()
    {
        _master.SingleOfferTo(_framework);

        var effects = _master.Core.FrameworkDisconnected(_framework.Id, _framework.StreamId);
        var allocation = _master.Core.Allocate();

        Assert.Multiple(() =>
        {
            Assert.That(_master.Core.Offers, Is.Empty);
            Assert.That(effects.EventsTo(_framework.Id), Is.Empty, "nobody is listening");
            Assert.That(allocation, Is.Empty);
        });
    }

    [Test]
    public void A_disconnected_frameworks_tasks_keep_running_and_their_updates_are_held_back()
    {
        var run = _master.Launch(_framework, "web-1", "cpus:1;mem:512");
        _master.Core.FrameworkDisconnected(_framework.Id, _framework.StreamId);

        var (_, effects) = _master.Report(run, TaskState.TaskRunning);

        Assert.Multiple(() =>
        {
            Assert.That(effects, Is.Empty, "not forwarded, and not acknowledged: the agent keeps retrying");
            Assert.That(_master.Record(_framework).Tasks["web-1"].State, Is.EqualTo(TaskState.TaskRunning));
        });
    }

    [Test]
    public void When_failover_expires_the_framework_is_removed_and_its_tasks_shut_down()
    {
        _master.Launch(_framework, "web-1", "cpus:1;mem:512");
        _master.Core.FrameworkDisconnected(_framework.Id, _framework.StreamId);

        var effects = _master.Core.FailoverExpired(_framework.Id, _framework.StreamId);

        Assert.Multiple(() =>
        {
            Assert.That(effects.MessagesTo<ShutdownFramework>(_agentId).Single().FrameworkId.Value, Is.EqualTo(_framework.Id));
            Assert.That(effects.Persisted<FrameworkRemoved>().Single().FrameworkId.Value, Is.EqualTo(_framework.Id));
            Assert.That(effects.OfType<MasterEffect.CloseStream>(), Is.Empty, "the stream is already gone");
            Assert.That(_master.Core.Frameworks, Is.Empty);
            Assert.That(_master.Core.CompletedFrameworks.Single().CompletedTasks.Single().State, Is.EqualTo(TaskState.TaskKilled));
            Assert.That(_master.Core.Subscribe(Frameworks.Named("batch").WithId(_framework.Id)).Outcome.IsAccepted, Is.False);
        });
    }

    [Test]
    public void A_framework_that_resubscribes_in_time_keeps_its_tasks_and_survives_the_expiry()
    {
        _master.Launch(_framework, "web-1", "cpus:1;mem:512");
        _master.Core.FrameworkDisconnected(_framework.Id, _framework.StreamId);

        var (outcome, subscribeEffects) = _master.Core.Subscribe(Frameworks.Named("batch").WithId(_framework.Id));
        var expiry = _master.Core.FailoverExpired(_framework.Id, _framework.StreamId);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.FrameworkId, Is.EqualTo(_framework.Id));
            Assert.That(subscribeEffects.EventsTo(_framework.Id).Select(e => e.Type), Is.EqualTo(new[] { Event.Types.Type.Subscribed }));
            Assert.That(expiry, Is.Empty);
            Assert.That(_master.Record(_framework).Tasks.Keys, Is.EqualTo(new[] { "web-1" }));
            Assert.That(_master.Core.Handle(Calls.Revive(_framework.Id), outcome.StreamId).Outcome, Is.EqualTo(CallOutcome.Accepted));
        });
    }

    [Test]
    public void Offers_made_to_a_scheduler_that_fails_over_while_connected_are_withdrawn()
    {
        var oldOffer = _master.SingleOfferTo(_framework);

        var (outcome, _) = _master.Core.Subscribe(Frameworks.Named("batch").WithId(_framework.Id));
        var offersToNewInstance = _master.AllocateOffersTo(new SubscribedFramework(_framework.Id, outcome.StreamId!));

        Assert.Multiple(() =>
        {
            Assert.That(_master.Core.Offers.Select(o => o.OfferId), Does.Not.Contain(oldOffer.Id.Value),
                "the new scheduler instance never heard of this offer");
            Assert.That(offersToNewInstance.Select(o => o.AgentId.Value), Is.EqualTo(new[] { _agentId }));
        });
    }

    [Test]
    public void The_end_of_a_stream_the_framework_no_longer_uses_is_ignored()
    {
        var (outcome, _) = _master.Core.Subscribe(Frameworks.Named("batch").WithId(_framework.Id));

        var effects = _master.Core.FrameworkDisconnected(_framework.Id, _framework.StreamId);

        Assert.Multiple(() =>
        {
            Assert.That(effects, Is.Empty);
            Assert.That(_master.Record(_framework).StreamId, Is.EqualTo(outcome.StreamId));
        });
    }

    [Test]
    public void The_expiry_of_an_earlier_disconnection_does_not_cut_a_later_failover_short()
    {
        _master.Core.FrameworkDisconnected(_framework.Id, _framework.StreamId);
        var (second, _) = _master.Core.Subscribe(Frameworks.Named("batch").WithId(_framework.Id).WithFailoverTimeout(FailoverTimeout));
        _master.Core.FrameworkDisconnected(_framework.Id, second.StreamId!);

        var earlierExpiry = _master.Core.FailoverExpired(_framework.Id, _framework.StreamId);

        Assert.Multiple(() =>
        {
            Assert.That(earlierExpiry, Is.Empty);
            Assert.That(_master.Core.Frameworks.Select(f => f.Id), Is.EqualTo(new[] { _framework.Id }));
        });
    }
}
