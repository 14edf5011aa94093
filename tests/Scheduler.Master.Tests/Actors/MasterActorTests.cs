using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Google.Protobuf;
using Scheduler.Master.Actors;
using Scheduler.Master.Bookkeeping;
using Scheduler.Master.Tests.Bookkeeping;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Serialization;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Testing;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Tests.Actors;

/// <summary>
/// The master actor with its registry in an in-memory journal: probes play an agent and a framework's
/// subscription stream, and the test plays the HTTP endpoint that forwards the framework's calls.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MasterActorTests : ActorTestBase
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly MasterSettings _settings = new() { AllocationInterval = TimeSpan.FromMilliseconds(100) };

    public MasterActorTests()
        : base(InMemoryRegistry.Config, "master-actor-tests")
    {
    }

    [Test]
    public void A_task_goes_from_offer_to_launch_to_update_to_acknowledgement()
    {
        var master = Sys.ActorOf(MasterActor.Props(_settings));
        var (agent, agentId) = RegisterAgent(master, "cpus:2;mem:1024");
        var (stream, framework) = Subscribe(master, Frameworks.Named("batch"));

        var offer = ExpectEvent(stream, Event.Types.Type.Offers).Offers.Offers_.Single();
        Assert.That(offer.AgentId.Value, Is.EqualTo(agentId));

        var accepted = Call(master, Calls.Accept(framework.FrameworkId!, offer.Id.Value, TaskInfos.Shell("web-1", "cpus:2;mem:1024")), framework.StreamId);
        Assert.That(accepted, Is.EqualTo(CallOutcome.Accepted));
        var run = agent.ExpectMsg<RunTask>(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(run.Task.TaskId.Value, Is.EqualTo("web-1"));
            Assert.That(run.Task.AgentId.Value, Is.EqualTo(agentId));
            Assert.That(run.Framework.Id.Value, Is.EqualTo(framework.FrameworkId));
        });

        var running = Status(run, TaskState.TaskRunning);
        agent.Send(master, new StatusUpdateReported { FrameworkId = run.Framework.Id, Status = running });
        var update = ExpectEvent(stream, Event.Types.Type.Update).Update.Status;
        Assert.Multiple(() =>
        {
            Assert.That(update.TaskId.Value, Is.EqualTo("web-1"));
            Assert.That(update.State, Is.EqualTo(TaskState.TaskRunning));
            Assert.That(update.Uuid, Is.EqualTo(running.Uuid));
        });

        Assert.That(Call(master, Calls.Acknowledge(framework.FrameworkId!, update), framework.StreamId), Is.EqualTo(CallOutcome.Accepted));
        var ack = agent.ExpectMsg<AcknowledgeStatusUpdate>(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(ack.AgentId.Value, Is.EqualTo(agentId));
            Assert.That(ack.FrameworkId.Value, Is.EqualTo(framework.FrameworkId));
            Assert.That(ack.TaskId.Value, Is.EqualTo("web-1"));
            Assert.That(ack.Uuid, Is.EqualTo(running.Uuid));
        });
    }

    [Test]
    public void A_call_on_the_wrong_stream_is_answered_with_400()
    {
        var master = Sys.ActorOf(MasterActor.Props(_settings));
        var (_, framework) = Subscribe(master, Frameworks.Named("batch"));

        var outcome = Call(master, Calls.Revive(framework.FrameworkId!), "not-the-stream");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.StatusCode, Is.EqualTo(400));
            Assert.That(outcome.Error, Does.Contain("not-the-stream"));
        });
    }

    [Test]
    public void A_resubscription_tells_the_old_stream_it_failed_over_and_the_new_one_nothing_but_subscribed()
    {
        var master = Sys.ActorOf(MasterActor.Props(_settings));
        var (oldStream, first) = Subscribe(master, Frameworks.Named("batch"));

        var (newStream, second) = Subscribe(master, Frameworks.Named("batch").WithId(first.FrameworkId!));

        var error = ExpectEvent(oldStream, Event.Types.Type.Error);
        Assert.Multiple(() =>
        {
            Assert.That(second.FrameworkId, Is.EqualTo(first.FrameworkId));
            Assert.That(error.Error.Message, Is.EqualTo("Framework failed over"));
            Assert.That(oldStream.ExpectMsg<CloseFrameworkStream>(Patience), Is.SameAs(CloseFrameworkStream.Instance));
        });
        newStream.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Test]
    public void A_registration_an_agent_retries_gets_the_same_id_and_admits_it_once()
    {
        var master = Sys.ActorOf(MasterActor.Props(_settings));
        var (agent, agentId) = RegisterAgent(master, "cpus:2;mem:1024");

        agent.Send(master, Agents.With("cpus:2;mem:1024"));
        var again = agent.ExpectMsg<AgentRegistered>(Patience);
        var (stream, _) = Subscribe(master, Frameworks.Named("batch"));
        var offers = ExpectEvent(stream, Event.Types.Type.Offers).Offers.Offers_;

        Assert.Multiple(() =>
        {
            Assert.That(again.AgentId.Value, Is.EqualTo(agentId));
            Assert.That(offers.Select(o => o.AgentId.Value), Is.EqualTo(new[] { agentId }), "one agent, offered once");
        });
    }

    [Test]
    public void Offers_on_an_agent_that_goes_away_are_rescinded()
    {
        var master = Sys.ActorOf(MasterActor.Props(_settings));
        var (agent, _) = RegisterAgent(master, "cpus:2;mem:1024");
        var (stream, _) = Subscribe(master, Frameworks.Named("batch"));
        var offer = ExpectEvent(stream, Event.Types.Type.Offers).Offers.Offers_.Single();

        Sys.Stop(agent.Ref);

        var rescind = ExpectEvent(stream, Event.Types.Type.Rescind);
        Assert.That(rescind.Rescind.OfferId.Value, Is.EqualTo(offer.Id.Value));
    }

    [Test]
    public void A_task_with_malformed_resources_errors_and_its_offer_is_offered_again()
    {
        var master = Sys.ActorOf(MasterActor.Props(_settings));
        RegisterAgent(master, "cpus:2;mem:1024");
        var (stream, framework) = Subscribe(master, Frameworks.Named("batch"));
        var offer = ExpectEvent(stream, Event.Types.Type.Offers).Offers.Offers_.Single();
        var malformed = TaskInfos.Shell("negative", "mem:256");
        malformed.Resources.Add(new Resource { Name = "cpus", Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = -1 } });

        var outcome = Call(master, Calls.Accept(framework.FrameworkId!, [offer.Id.Value], [malformed], refuseSeconds: 0), framework.StreamId);

        Assert.That(outcome.StatusCode, Is.EqualTo(202));
        var update = ExpectEvent(stream, Event.Types.Type.Update);
        Assert.That(update.Update.Status.State, Is.EqualTo(TaskState.TaskError));
        var again = ExpectEvent(stream, Event.Types.Type.Offers, TimeSpan.FromSeconds(2));
        Assert.That(again.Offers.Offers_.Single().AgentId, Is.EqualTo(offer.AgentId));
    }

    [Test]
    public void A_framework_whose_stream_ends_without_a_failover_timeout_is_shut_down_on_its_agents()
    {
        var master = Sys.ActorOf(MasterActor.Props(_settings));
        var (agent, _) = RegisterAgent(master, "cpus:2;mem:1024");
        var (stream, framework) = Subscribe(master, Frameworks.Named("batch"));
        var offer = ExpectEvent(stream, Event.Types.Type.Offers).Offers.Offers_.Single();
        Call(master, Calls.Accept(framework.FrameworkId!, offer.Id.Value, TaskInfos.Shell("web-1", "cpus:1;mem:512")), framework.StreamId);
        agent.ExpectMsg<RunTask>(Patience);

        Sys.Stop(stream.Ref);

        var shutdown = agent.ExpectMsg<ShutdownFramework>(Patience);
        Assert.That(shutdown.FrameworkId.Value, Is.EqualTo(framework.FrameworkId));
    }

    [Test]
    public void A_restarted_master_recovers_its_registry_and_lets_known_frameworks_back_in()
    {
        var first = Sys.ActorOf(MasterActor.Props(_settings));
        var (_, framework) = Subscribe(first, Frameworks.Named("batch"));
        Stop(first);

        var second = Sys.ActorOf(MasterActor.Props(_settings));
        var (_, again) = Subscribe(second, Frameworks.Named("batch").WithId(framework.FrameworkId!));
        second.Tell(new SubscribeFramework(Frameworks.Named("intruder").WithId("master-0-0042"), CreateTestProbe().Ref), TestActor);
        var unknown = ExpectMsg<SubscribeOutcome>(Patience);

        Assert.Multiple(() =>
        {
            Assert.That(again.FrameworkId, Is.EqualTo(framework.FrameworkId));
            Assert.That(again.StreamId, Is.Not.EqualTo(framework.StreamId));
            Assert.That(unknown.IsAccepted, Is.False);
            Assert.That(unknown.Error, Does.Contain("master-0-0042"));
        });
        Assert.That(Call(second, Calls.Revive(again.FrameworkId!), again.StreamId), Is.EqualTo(CallOutcome.Accepted));
    }

    [Test]
    public void A_framework_new_to_a_restarted_master_gets_an_id_no_known_framework_holds()
    {
        var first = Sys.ActorOf(MasterActor.Props(_settings));
        var (_, known) = Subscribe(first, Frameworks.Named("batch"));
        Stop(first);

        var second = Sys.ActorOf(MasterActor.Props(_settings));
        var (_, newcomer) = Subscribe(second, Frameworks.Named("service"));

        Assert.That(newcomer.FrameworkId, Is.Not.EqualTo(known.FrameworkId));
    }

    [Test]
    public void An_agent_gone_from_the_cluster_is_marked_unreachable_once_its_timeout_passes()
    {
        var master = Sys.ActorOf(MasterActor.Props(_settings with { AgentUnreachableTimeout = TimeSpan.FromMilliseconds(300) }));
        var (agent, agentId) = RegisterAgent(master, "cpus:2;mem:1024");
        var (stream, framework) = Subscribe(master, Frameworks.Named("batch").PartitionAware());
        var offer = ExpectEvent(stream, Event.Types.Type.Offers).Offers.Offers_.Single();
        Call(master, Calls.Accept(framework.FrameworkId!, offer.Id.Value, TaskInfos.Shell("web-1", "cpus:2;mem:1024")), framework.StreamId);
        var run = agent.ExpectMsg<RunTask>(Patience);
        agent.Send(master, new StatusUpdateReported { FrameworkId = run.Framework.Id, Status = Status(run, TaskState.TaskRunning) });
        Assert.That(ExpectEvent(stream, Event.Types.Type.Update).Update.Status.State, Is.EqualTo(TaskState.TaskRunning));

        Sys.Stop(agent.Ref);

        var unreachable = stream.FishForMessage<SendEvent>(sent => sent.Event.Type == Event.Types.Type.Update, Patience).Event.Update.Status;
        Assert.Multiple(() =>
        {
            Assert.That(unreachable.TaskId.Value, Is.EqualTo("web-1"));
            Assert.That(unreachable.State, Is.EqualTo(TaskState.TaskUnreachable));
            Assert.That(unreachable.AgentId.Value, Is.EqualTo(agentId));
        });
    }

    private (TestProbe Agent, string AgentId) RegisterAgent(IActorRef master, string resources)
    {
        var agent = CreateTestProbe();
        agent.Send(master, Agents.With(resources));
        var registered = agent.ExpectMsg<AgentRegistered>(Patience);
        Assert.That(registered.AgentId.Value, Is.Not.Empty);
        return (agent, registered.AgentId.Value);
    }

    /// <summary>Subscribes as the HTTP endpoint would; the stream must open with SUBSCRIBED.</summary>
    private (TestProbe Stream, SubscribeOutcome Outcome) Subscribe(IActorRef master, Call.Types.Subscribe subscribe)
    {
        var stream = CreateTestProbe();
        master.Tell(new SubscribeFramework(subscribe, stream.Ref), TestActor);
        var outcome = ExpectMsg<SubscribeOutcome>(Patience);
        Assert.That(outcome.Error, Is.Null);
        var subscribed = ExpectEvent(stream, Event.Types.Type.Subscribed);
        Assert.That(subscribed.Subscribed.FrameworkId.Value, Is.EqualTo(outcome.FrameworkId));
        return (stream, outcome);
    }

    private CallOutcome Call(IActorRef master, Call call, string? streamId)
    {
        master.Tell(new HandleSchedulerCall(call, streamId), TestActor);
        return ExpectMsg<CallOutcome>(Patience);
    }

    private static Event ExpectEvent(TestProbe stream, Event.Types.Type type, TimeSpan? within = null)
    {
        var received = stream.ExpectMsg<SendEvent>(within ?? Patience).Event;
        Assert.That(received.Type, Is.EqualTo(type), $"unexpected event {received}");
        return received;
    }

    private void Stop(IActorRef master)
    {
        Watch(master);
        Sys.Stop(master);
        ExpectTerminated(master, Patience);
    }

    private static TaskStatus Status(RunTask run, TaskState state) => new()
    {
        TaskId = run.Task.TaskId,
        AgentId = run.Task.AgentId,
        State = state,
        Source = TaskStatus.Types.Source.Executor,
        Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
        Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
    };
}
