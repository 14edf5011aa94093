using Scheduler.Master.Operator;
using Scheduler.Master.Security.Authorization;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using EventType = Scheduler.Protocol.V1.MasterApi.Event.Types.Type;

namespace Scheduler.Master.Tests.Operator;

/// <summary>Publishing to operator subscribers never waits: a full or closed subscriber is dropped.</summary>
[TestFixture]
public sealed class OperatorSubscribersTests
{
    private static Event Heartbeat => OperatorEvents.Heartbeat();

    [Test]
    public void Every_subscriber_gets_its_first_events_then_each_published_one()
    {
        var subscribers = new OperatorSubscribers();
        var first = new OperatorSubscriber();
        var second = new OperatorSubscriber();
        subscribers.Add(first, new Event { Type = EventType.Subscribed });
        subscribers.Add(second, new Event { Type = EventType.Subscribed });

        subscribers.Publish(new Event { Type = EventType.AgentAdded });

        Assert.That(Drain(first), Is.EqualTo(new[] { EventType.Subscribed, EventType.AgentAdded }));
        Assert.That(Drain(second), Is.EqualTo(new[] { EventType.Subscribed, EventType.AgentAdded }));
    }

    [Test]
    public void A_subscriber_whose_buffer_overflows_is_dropped_and_the_others_go_on()
    {
        var subscribers = new OperatorSubscribers();
        var slow = new OperatorSubscriber(capacity: 2);
        var fast = new OperatorSubscriber(capacity: 2);
        subscribers.Add(slow);
        subscribers.Add(fast);

        for (var i = 0; i < 3; i++)
        {
            subscribers.Publish(Heartbeat);
            if (i < 2) fast.Events.TryRead(out _);
        }

        Assert.That(subscribers.Count, Is.EqualTo(1));
        Assert.That(slow.Dropped.IsCancellationRequested, Is.True);
        Assert.That(fast.Dropped.IsCancellationRequested, Is.False);
        Assert.That(fast.Events.TryRead(out _), Is.True);
    }

    [Test]
    public void A_subscriber_outside_an_events_audience_does_not_get_it_and_stays_subscribed()
    {
        var subscribers = new OperatorSubscribers();
        var alice = new OperatorSubscriber { Principal = "alice" };
        var bob = new OperatorSubscriber { Principal = "bob" };
        subscribers.Add(alice);
        subscribers.Add(bob);
        var acls = AclDocument.TryParse("""
            {"view_frameworks": [{"principals": {"values": ["bob"]}, "users": {"type": "NONE"}}]}
            """, out var document, out var error) ? document! : throw new InvalidOperationException(error);

        subscribers.Publish(new Event { Type = EventType.FrameworkAdded },
            new OperatorEventAudience(new Authorizer(acls), new FrameworkInfo { User = "carol" }, null));

        Assert.That(Drain(alice), Is.EqualTo(new[] { EventType.FrameworkAdded }));
        Assert.That(Drain(bob), Is.Empty);
        Assert.That(subscribers.Count, Is.EqualTo(2));
    }

    [Test]
    public void A_closed_subscriber_is_forgotten_at_the_next_event()
    {
        var subscribers = new OperatorSubscribers();
        var gone = new OperatorSubscriber();
        subscribers.Add(gone);

        gone.Close();
        subscribers.Publish(Heartbeat);

        Assert.That(subscribers.Count, Is.Zero);
    }

    [Test]
    public void Beyond_the_maximum_the_oldest_subscriber_is_dropped()
    {
        var subscribers = new OperatorSubscribers(maxSubscribers: 2);
        var oldest = new OperatorSubscriber();
        subscribers.Add(oldest);
        subscribers.Add(new OperatorSubscriber());

        subscribers.Add(new OperatorSubscriber());

        Assert.That(subscribers.Count, Is.EqualTo(2));
        Assert.That(oldest.Dropped.IsCancellationRequested, Is.True);
    }

    private static List<EventType> Drain(OperatorSubscriber subscriber)
    {
        var types = new List<EventType>();
        while (subscriber.Events.TryRead(out var next)) types.Add(next.Type);
        return types;
    }
}
