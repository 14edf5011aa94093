using System.Threading.Channels;
using Akka.Actor;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Actors;

/// <summary>One framework's subscription: hands the master's events to the HTTP response that streams them.</summary>
public sealed class FrameworkStreamActor : ReceiveActor
{
    public FrameworkStreamActor(ChannelWriter<Event> events)
    {
        Receive<SendEvent>(message => events.TryWrite(message.Event));
        Receive<CloseFrameworkStream>(_ =>
        {
            events.TryComplete();
            Context.Stop(Self);
        });
    }

    public static Props Props(ChannelWriter<Event> events) => Akka.Actor.Props.Create(() => new FrameworkStreamActor(events));
}
