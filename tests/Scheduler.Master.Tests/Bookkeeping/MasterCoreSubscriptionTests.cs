using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>How agents and frameworks join the master, and how calls are tied to a framework's stream.</summary>
[TestFixture]
public sealed class MasterCoreSubscriptionTests
{
    private MasterUnderTest _master = null!;

    [SetUp]
    public void SetUp() => _master = new MasterUnderTest();

    [Test]
    public void Registering_agents_get_ids_of_this_master_and_are_admitted_durably()
    {
        var (first, firstEffects) = _master.Core.RegisterAgent(Agents.With("cpus:2;mem:1024", "a.example.org"));
        var (second, _) = _master.Core.RegisterAgent(Agents.With("cpus:4;mem:2048", "b.example.org"));

        var admitted = firstEffects.Persisted<AgentAdmitted>();
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo("master-1-S0"));
            Assert.That(second, Is.EqualTo("master-1-S1"));
            Assert.That(admitted, Has.Count.EqualTo(1));
            Assert.That(admitted[0].AgentInfo.Id.Value, Is.EqualTo(first));
            Assert.That(admitted[0].AgentInfo.Hostname, Is.EqualTo("a.example.org"));
            Assert.That(ResourceSet.FromProto(admitted[0].AgentInfo.Resources), Is.EqualTo(ResourceSet.Parse("cpus:2;mem:1024")));
            Assert.That(_master.Registry.IsAdmitted(first), Is.True);
            Assert.That(_master.Core.Agents.Select(a => a.Id), Is.EquivalentTo(new[] { first, second }));
            Assert.That(_master.Agent(second).Total, Is.EqualTo(ResourceSet.Parse("cpus:4;mem:2048")));
        });
    }

    [Test]
    public void Registering_does_not_change_the_agents_own_message()
    {
        var registration = Agents.With("cpus:1;mem:128");

        _master.Core.RegisterAgent(registration);

        Assert.That(registration.AgentInfo.Id, Is.Null);
    }

    [Test]
    public void A_new_framework_gets_an_id_is_told_subscribed_and_is_added_durably()
    {
        var (outcome, effects) = _master.Core.Subscribe(Frameworks.Named("batch"));

        var events = effects.EventsTo(outcome.FrameworkId!);
        var added = effects.Persisted<FrameworkAdded>();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.IsAccepted, Is.True);
            Assert.That(outcome.FrameworkId, Is.EqualTo("master-1-0000"));
            Assert.That(outcome.StreamId, Is.Not.Null.And.Not.Empty);
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { Event.Types.Type.Subscribed }));
            Assert.That(events[0].Subscribed.FrameworkId.Value, Is.EqualTo(outcome.FrameworkId));
            Assert.That(events[0].Subscribed.HeartbeatIntervalSeconds, Is.EqualTo(MasterCore.HeartbeatInterval.TotalSeconds));
            Assert.That(added, Has.Count.EqualTo(1));
            Assert.That(added[0].FrameworkInfo.Id.Value, Is.EqualTo(outcome.FrameworkId));
            Assert.That(added[0].FrameworkInfo.Name, Is.EqualTo("batch"));
            Assert.That(_master.Registry.IsKnownFramework(outcome.FrameworkId!), Is.True);
        });
    }

    [Test]
    public void Two_frameworks_get_different_ids_and_streams()
    {
        var batch = _master.Subscribe("batch");
        var service = _master.Subscribe("service");

        Assert.Multiple(() =>
        {
            Assert.That(service.Id, Is.Not.EqualTo(batch.Id));
            Assert.That(service.StreamId, Is.Not.EqualTo(batch.StreamId));
        });
    }

    [TestCase(null, "batch", "framework_info.user")]
    [TestCase("alice", null, "framework_info.name")]
    public void A_subscription_missing_a_required_field_is_refused_and_changes_nothing(string? user, string? name, string missing)
    {
        var info = new FrameworkInfo();
        if (user is not null) info.User = user;
        if (name is not null) info.Name = name;

        var (outcome, effects) = _master.Core.Subscribe(new Call.Types.Subscribe { FrameworkInfo = info });

        Assert.Multiple(() =>
        {
            Assert.That(outcome.IsAccepted, Is.False);
            Assert.That(outcome.Error, Does.Contain(missing));
            Assert.That(effects, Is.Empty);
            Assert.That(_master.Core.Frameworks, Is.Empty);
        });
    }

    [Test]
    public void A_subscription_with_an_id_this_master_never_gave_is_refused()
    {
        var (outcome, effects) = _master.Core.Subscribe(Frameworks.Named("batch").WithId("someone-elses-0007"));

        Assert.Multiple(() =>
        {
            Assert.That(outcome.IsAccepted, Is.False);
            Assert.That(outcome.Error, Does.Contain("someone-elses-0007"));
            Assert.That(effects, Is.Empty);
            Assert.That(_master.Core.Frameworks, Is.Empty);
        });
    }

    [Test]
    public void Subscribing_again_while_connected_replaces_the_old_stream_after_telling_it_why()
    {
        var first = _master.Subscribe("batch");

        var (outcome, effects) = _master.Core.Subscribe(Frameworks.Named("batch").WithId(first.Id));

        var events = effects.EventsTo(first.Id);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.FrameworkId, Is.EqualTo(first.Id));
            Assert.That(outcome.StreamId, Is.Not.EqualTo(first.StreamId));
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { Event.Types.Type.Error, Event.Types.Type.Subscribed }));
            Assert.That(effects.OfType<MasterEffect.CloseStream>().Single(), Is.EqualTo(new MasterEffect.CloseStream(first.Id, first.StreamId)));
            Assert.That(effects.Persisted<FrameworkAdded>(), Is.Empty);
            Assert.That(_master.Core.Handle(Calls.Revive(first.Id), first.StreamId).Outcome.StatusCode, Is.EqualTo(400));
        });
    }

    [Test]
    public void A_call_on_the_current_stream_is_accepted()
    {
        var framework = _master.Subscribe("batch");

        var (outcome, _) = _master.Core.Handle(Calls.Revive(framework.Id), framework.StreamId);

        Assert.That(outcome, Is.EqualTo(CallOutcome.Accepted));
    }

    [Test]
    public void A_call_without_a_stream_id_is_refused_with_400()
    {
        var framework = _master.Subscribe("batch");

        var (outcome, effects) = _master.Core.Handle(Calls.Teardown(framework.Id), streamId: null);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.StatusCode, Is.EqualTo(400));
            Assert.That(outcome.Error, Does.Contain("Mesos-Stream-Id"));
            Assert.That(effects, Is.Empty);
            Assert.That(_master.Core.Frameworks, Has.Count.EqualTo(1), "the teardown must not have happened");
        });
    }

    [Test]
    public void A_call_with_another_stream_id_is_refused_with_400()
    {
        var framework = _master.Subscribe("batch");
        var other = _master.Subscribe("service");

        var (outcome, effects) = _master.Core.Handle(Calls.Teardown(framework.Id), other.StreamId);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.StatusCode, Is.EqualTo(400));
            Assert.That(outcome.Error, Does.Contain(other.StreamId));
            Assert.That(effects, Is.Empty);
            Assert.That(_master.Core.Frameworks, Has.Count.EqualTo(2), "the teardown must not have happened");
        });
    }

    [Test]
    public void A_call_without_a_framework_id_is_refused_with_400()
    {
        var framework = _master.Subscribe("batch");
        var call = Calls.Revive(framework.Id);
        call.FrameworkId = null;

        var (outcome, _) = _master.Core.Handle(call, framework.StreamId);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.StatusCode, Is.EqualTo(400));
            Assert.That(outcome.Error, Does.Contain("framework_id"));
        });
    }

    [Test]
    public void A_call_of_an_unsubscribed_framework_is_refused_with_400()
    {
        var (outcome, _) = _master.Core.Handle(Calls.Revive("master-1-0042"), "any-stream");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.StatusCode, Is.EqualTo(400));
            Assert.That(outcome.Error, Does.Contain("master-1-0042"));
        });
    }
}
