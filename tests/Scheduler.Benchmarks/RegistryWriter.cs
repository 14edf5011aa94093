using Akka.Actor;
using Akka.Persistence;
using Google.Protobuf;
using Scheduler.Master.Registry;

namespace Scheduler.Benchmarks;

/// <summary>
/// Fills the master's registry before the master starts: writes registry events under the master's persistence
/// id in batches, then a snapshot, as a master that admitted them one by one would have left it.
/// Answers <see cref="Written"/> once the snapshot is stored.
/// </summary>
public sealed class RegistryWriter : ReceivePersistentActor
{
    private const int Batch = 1_000;
    private readonly MasterRegistry _registry = new();
    private IActorRef? _requester;

    public RegistryWriter()
    {
        Recover<IMessage>(_ => { });
        Command<Write>(write =>
        {
            _requester = Sender;
            foreach (var batch in write.Events.Chunk(Batch))
                PersistAll(batch, _registry.Apply);
            DeferAsync(write, _ => SaveSnapshot(_registry.ToSnapshot()));
        });
        Command<SaveSnapshotSuccess>(_ => _requester?.Tell(Written.Instance));
        Command<SaveSnapshotFailure>(failure => _requester?.Tell(new Status.Failure(failure.Cause)));
    }

    public override string PersistenceId => "master-registry";

    public static Props Props() => Akka.Actor.Props.Create(() => new RegistryWriter());

    public sealed record Write(IReadOnlyList<IMessage> Events);

    public sealed record Written
    {
        public static readonly Written Instance = new();
    }
}
