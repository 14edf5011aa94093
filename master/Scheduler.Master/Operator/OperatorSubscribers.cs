using Scheduler.Master.Security.Authorization;
using Scheduler.Protocol.V1.MasterApi;

namespace Scheduler.Master.Operator;

/// <summary>
/// The operators subscribed to the master's event stream. Publishing never blocks: a subscriber whose buffer is
/// full or whose connection closed is dropped. At most <see cref="MaxSubscribers"/> are kept (Mesos's
/// <c>--max_operator_event_stream_subscribers</c>); a new one beyond that drops the oldest.
/// </summary>
public sealed class OperatorSubscribers(int maxSubscribers = OperatorSubscribers.MaxSubscribers)
{
    public const int MaxSubscribers = 1000;

    private readonly List<OperatorSubscriber> _subscribers = new();

    public int Count => _subscribers.Count;

    /// <summary>Adds the subscriber with its first events (SUBSCRIBED, then a HEARTBEAT as Mesos sends).</summary>
    public void Add(OperatorSubscriber subscriber, params Event[] first)
    {
        while (_subscribers.Count >= maxSubscribers)
        {
            _subscribers[0].Drop();
            _subscribers.RemoveAt(0);
        }
        foreach (var operatorEvent in first)
        {
            if (subscriber.TryPublish(operatorEvent)) continue;
            subscriber.Drop();
            return;
        }
        _subscribers.Add(subscriber);
    }

    /// <summary>
    /// Hands the event to every subscriber in its <paramref name="audience"/> (all when null), dropping those that cannot take it.
    /// </summary>
    public void Publish(Event operatorEvent, OperatorEventAudience? audience = null)
    {
        _subscribers.RemoveAll(subscriber =>
        {
            if (audience?.Includes(subscriber.Principal) == false) return false;
            if (subscriber.TryPublish(operatorEvent)) return false;
            subscriber.Drop();
            return true;
        });
    }

    public void DropAll()
    {
        foreach (var subscriber in _subscribers) subscriber.Drop();
        _subscribers.Clear();
    }
}
