using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Scheduler.Master.Leadership.Downing;

/// <summary>
/// Runs <see cref="QuorumDowning"/> on every node: pings the other masters (an <see cref="Identify"/> to their own
/// downing actor, which every actor answers), follows the cluster's reachability and downs what the decision names.
/// </summary>
public sealed class QuorumDowningActor : ReceiveActor, IWithTimers
{
    private readonly Cluster _cluster;
    private readonly QuorumDowningSettings _settings;
    private readonly QuorumDowning _decision;
    private readonly PeerSilence _silence;
    private readonly Dictionary<UniqueAddress, DateTimeOffset> _unreachableSince = [];
    private readonly Dictionary<Address, DateTimeOffset> _unavailableSince = [];
    private readonly HashSet<UniqueAddress> _downed = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public QuorumDowningActor(Cluster cluster, QuorumDowningSettings settings)
    {
        _cluster = cluster;
        _settings = settings;
        _decision = new QuorumDowning(settings.StableAfter);
        _silence = new PeerSilence(settings.AcceptablePause);
        Receive<Tick>(_ => OnTick(DateTimeOffset.UtcNow));
        Receive<ActorIdentity>(identity =>
        {
            // Akka answers an Identify it cannot deliver (dead letters) with no subject: only a subject is the peer.
            if (identity is { MessageId: string peer, Subject: not null }) _silence.Heard(peer, DateTimeOffset.UtcNow);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Cluster cluster, QuorumDowningSettings settings) =>
        Akka.Actor.Props.Create(() => new QuorumDowningActor(cluster, settings));

    protected override void PreStart() => Timers.StartPeriodicTimer("tick", Tick.Instance, _settings.PingInterval);

    private void OnTick(DateTimeOffset now)
    {
        var state = _cluster.State;
        var members = state.Members.Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Removed))
            .OrderBy(m => m, Member.AgeOrdering).ToList();
        FollowReachability(state.Unreachable, now);
        var self = _cluster.SelfUniqueAddress;
        var selfIsMaster = _cluster.SelfMember.HasRole(MasterNode.Role);
        var masters = members.Where(m => m.HasRole(MasterNode.Role)).ToList();
        _silence.Retain(masters.Select(m => m.UniqueAddress.ToString()).ToHashSet());
        if (selfIsMaster)
            foreach (var peer in masters.Where(m => !m.UniqueAddress.Equals(self)))
                Context.ActorSelection(new RootActorPath(peer.Address) / Self.Path.Elements).Tell(new Identify(peer.UniqueAddress.ToString()));
        else FollowFailureDetector(members, now);

        var views = members.Select(m => selfIsMaster ? ViewFromMaster(m, now) : ViewFromAgent(m)).ToList();
        var byNode = members.ToDictionary(m => m.UniqueAddress.ToString(), m => m.UniqueAddress);
        foreach (var node in _decision.Decide(self.ToString(), views, now))
        {
            var member = byNode[node];
            if (!_downed.Add(member)) continue;
            if (member.Equals(self)) _log.Warning("Downing this node: it is on the losing side of a partition of the masters, or cut off from them");
            else _log.Warning("Downing {0}: unreachable for {1}", member.Address, _settings.StableAfter);
            _cluster.Down(member.Address);
        }
    }

    private ClusterMemberView ViewFromMaster(Member member, DateTimeOffset now)
    {
        var node = member.UniqueAddress.ToString();
        var peer = member.HasRole(MasterNode.Role) && !member.UniqueAddress.Equals(_cluster.SelfUniqueAddress);
        return Base(member) with { Watched = peer, SilentSince = peer ? _silence.SilentSince(node, now) : null };
    }

    private ClusterMemberView ViewFromAgent(Member member) =>
        Base(member) with
        {
            Watched = _cluster.FailureDetector.IsMonitoring(member.Address),
            SilentSince = _unavailableSince.TryGetValue(member.Address, out var since) ? since : null,
        };

    private ClusterMemberView Base(Member member)
    {
        var isMaster = member.HasRole(MasterNode.Role);
        return new ClusterMemberView(member.UniqueAddress.ToString(), isMaster,
            isMaster && member.Status is MemberStatus.Up or MemberStatus.Leaving,
            _unreachableSince.TryGetValue(member.UniqueAddress, out var since) ? since : null);
    }

    /// <summary>An agent's own view: which of the members its heartbeats watch have stopped answering, and since when.</summary>
    private void FollowFailureDetector(IReadOnlyList<Member> members, DateTimeOffset now)
    {
        var detector = _cluster.FailureDetector;
        var silent = members.Select(m => m.Address)
            .Where(a => !a.Equals(_cluster.SelfAddress) && detector.IsMonitoring(a) && !detector.IsAvailable(a)).ToHashSet();
        foreach (var back in _unavailableSince.Keys.Where(a => !silent.Contains(a)).ToList()) _unavailableSince.Remove(back);
        foreach (var address in silent) _unavailableSince.TryAdd(address, now);
    }

    private void FollowReachability(IReadOnlySet<Member> unreachable, DateTimeOffset now)
    {
        var current = unreachable.Select(m => m.UniqueAddress).ToHashSet();
        foreach (var back in _unreachableSince.Keys.Where(a => !current.Contains(a)).ToList()) _unreachableSince.Remove(back);
        foreach (var address in current) _unreachableSince.TryAdd(address, now);
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
