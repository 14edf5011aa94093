using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Scheduler.Master.Leadership;

namespace Scheduler.Master.Actors;

/// <summary>Follows cluster membership and keeps this node's <see cref="LeaderDirectory"/> current.</summary>
public sealed class LeaderTracker : ReceiveActor
{
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly LeaderDirectory _directory;
    private ImmutableSortedSet<Member> _masters = ImmutableSortedSet.Create(Member.AgeOrdering);
    private ImmutableHashSet<UniqueAddress> _unreachable = [];

    public LeaderTracker(LeaderDirectory directory)
    {
        _directory = directory;
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            _masters = ImmutableSortedSet.CreateRange(Member.AgeOrdering,
                state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(MasterNode.Role)));
            _unreachable = state.Unreachable.Select(m => m.UniqueAddress).ToImmutableHashSet();
            Publish();
        });
        Receive<ClusterEvent.MemberUp>(up => Change(up.Member, add: true));
        Receive<ClusterEvent.MemberExited>(exited => Change(exited.Member, add: false));
        Receive<ClusterEvent.MemberRemoved>(removed => Change(removed.Member, add: false));
        Receive<ClusterEvent.UnreachableMember>(unreachable =>
        {
            _unreachable = _unreachable.Add(unreachable.Member.UniqueAddress);
            Publish();
        });
        Receive<ClusterEvent.ReachableMember>(reachable =>
        {
            _unreachable = _unreachable.Remove(reachable.Member.UniqueAddress);
            Publish();
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public static Props Props(LeaderDirectory directory) => Akka.Actor.Props.Create(() => new LeaderTracker(directory));

    /// <summary>The view from the cluster state as this node knows it now, before the tracker's first event.</summary>
    public static LeaderView Snapshot(Cluster cluster)
    {
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.UniqueAddress).ToHashSet();
        var masters = state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(MasterNode.Role))
            .OrderBy(m => m, Member.AgeOrdering);
        return LeaderElection.Resolve(masters.Select(m => View(m, !unreachable.Contains(m.UniqueAddress))), cluster.SelfAddress.ToString());
    }

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Change(Member member, bool add)
    {
        if (!member.HasRole(MasterNode.Role)) return;
        _masters = _masters.Remove(member);
        if (add) _masters = _masters.Add(member);
        else _unreachable = _unreachable.Remove(member.UniqueAddress);
        Publish();
    }

    private void Publish() =>
        _directory.Update(LeaderElection.Resolve(
            _masters.Select(m => View(m, !_unreachable.Contains(m.UniqueAddress))),
            _cluster.SelfAddress.ToString()));

    private static MasterMemberView View(Member member, bool reachable) =>
        new(member.Address.ToString(), member.Roles, reachable);
}
