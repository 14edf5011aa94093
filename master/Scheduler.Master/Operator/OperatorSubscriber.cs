using System.Threading.Channels;
using Scheduler.Protocol.V1.MasterApi;

namespace Scheduler.Master.Operator;

/// <summary>
/// One operator's event stream subscription: a bounded buffer between the master, which never waits on it, and the
/// HTTP response that drains it. When the buffer overflows the subscriber is dropped, as Mesos closes a subscriber's
/// connection, and <see cref="Dropped"/> ends the response at once.
/// </summary>
public sealed class OperatorSubscriber
{
    /// <summary>How many events may wait for a subscriber before it is dropped.</summary>
    public const int DefaultCapacity = 1024;

    private readonly Channel<Event> _events;
    private readonly CancellationTokenSource _dropped = new();

    public OperatorSubscriber(int capacity = DefaultCapacity)
    {
        _events = Channel.CreateBounded<Event>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
    }

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>Whom the events are for: the authenticated principal, null without authentication; the view ACLs filter by it.</summary>
    public string? Principal { get; init; }

    public ChannelReader<Event> Events => _events.Reader;

    /// <summary>Cancelled when the master dropped the subscriber (its buffer overflowed, or the master stopped).</summary>
    public CancellationToken Dropped => _dropped.Token;

    /// <summary>Queues the event; false when the subscriber is closed or its buffer is full.</summary>
    public bool TryPublish(Event operatorEvent) => _events.Writer.TryWrite(operatorEvent);

    /// <summary>Ends the subscription: no more events are taken, and the response stops.</summary>
    public void Drop()
    {
        _events.Writer.TryComplete();
        try
        {
            _dropped.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>The subscriber went away (its connection closed): the master forgets it at its next event.</summary>
    public void Close() => _events.Writer.TryComplete();
}
