using Akka.Actor;

namespace Scheduler.Benchmarks;

/// <summary>
/// Stands in for the agents' cluster singleton proxy: buffers what agents send while no master is known, finds
/// the master at the path it is given (with <see cref="Identify"/>, as the proxy does), and forwards to it
/// with the agent as the sender.
/// </summary>
public sealed class MasterLocator : ReceiveActor
{
    private readonly Queue<(object Message, IActorRef Sender)> _buffer = new();
    private IActorRef? _master;

    public MasterLocator()
    {
        Receive<LocateMaster>(locate =>
        {
            _master = null;
            Context.ActorSelection(locate.Path).Tell(new Identify(locate.Path));
        });
        Receive<ActorIdentity>(identity =>
        {
            if (identity.Subject is null)
            {
                Context.ActorSelection((string)identity.MessageId).Tell(new Identify(identity.MessageId));
                return;
            }
            _master = identity.Subject;
            while (_buffer.TryDequeue(out var buffered)) _master.Tell(buffered.Message, buffered.Sender);
        });
        ReceiveAny(message =>
        {
            if (_master is null) _buffer.Enqueue((message, Sender));
            else _master.Tell(message, Sender);
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new MasterLocator());

    /// <summary>The leading master is now at this actor path; forget the previous one.</summary>
    public sealed record LocateMaster(string Path);
}
