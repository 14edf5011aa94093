namespace Scheduler.Master.Leadership.Downing;

/// <summary>
/// Which members to down, for a cluster of a few masters and many agents.
/// <para>Masters decide about everyone, and only masters count: the masters that still hear each other keep the
/// cluster if they are a majority of the masters (half, if they include the oldest master), as Akka's keep-majority
/// does for one role; the oldest of them downs the rest, and a master on the losing side downs itself. Unlike Akka's
/// split-brain resolver, what an agent observes never downs a master: a master is lost only when the cluster sees it
/// unreachable and this master's own pings confirm it. An agent is downed once the cluster has seen it unreachable for
/// <see cref="StableAfter"/>; it rejoins with its tasks when it can.</para>
/// <para>An agent decides only about itself: it downs itself when it hears none of the members it watches and sees
/// every master unreachable (cut off, so that it rejoins once the network heals), or when it has not heard a master it
/// watches for <see cref="AgentPatience"/> while the masters keep that master (its own link is the fault, and its
/// view would keep the cluster from converging).</para>
/// </summary>
public sealed class QuorumDowning(TimeSpan stableAfter)
{
    public TimeSpan StableAfter { get; } = stableAfter;

    public TimeSpan AgentPatience => StableAfter * 5;

    /// <param name="self">This node's unique address.</param>
    /// <param name="membersOldestFirst">Every member that is not already downed or removed, oldest first.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The members to down now, this node included when it is on a losing side.</returns>
    public IReadOnlyList<string> Decide(string self, IReadOnlyList<ClusterMemberView> membersOldestFirst, DateTimeOffset now)
    {
        var me = membersOldestFirst.FirstOrDefault(m => m.Node == self);
        var masters = membersOldestFirst.Where(m => m.Counted).ToList();
        if (me is null || masters.Count == 0) return [];
        if (!me.IsMaster) return DecideForAgent(me, membersOldestFirst, masters, now);
        if (!me.Counted) return [];
        var hearing = masters.Where(m => m == me || !IsLost(m)).ToList();
        if (!HoldsMajority(masters, hearing))
            return masters.Any(m => m != me && IsLost(m) && IsStable(LostSince(m), now)) ? [self] : [];
        if (hearing[0] != me) return [];
        return membersOldestFirst.Where(m => m != me && IsLost(m) && IsStable(LostSince(m), now)).Select(m => m.Node).ToList();
    }

    private IReadOnlyList<string> DecideForAgent(ClusterMemberView me, IReadOnlyList<ClusterMemberView> members,
        IReadOnlyList<ClusterMemberView> masters, DateTimeOffset now)
    {
        var watched = members.Where(m => m != me && m.Watched).ToList();
        var cutOff = watched.Count > 0 && watched.All(m => m.SilentSince is { } silent && IsStable(silent, now)) &&
            masters.All(m => m.UnreachableSince is not null);
        var strandedFromMaster = masters.Any(m => m.Watched && m.SilentSince is not null && m.UnreachableSince is not null &&
            now - Latest(m.SilentSince.Value, m.UnreachableSince.Value) >= AgentPatience);
        return cutOff || strandedFromMaster ? [me.Node] : [];
    }

    private static bool IsLost(ClusterMemberView member) =>
        member.UnreachableSince is not null && (!member.IsMaster || member.SilentSince is not null);

    private static DateTimeOffset LostSince(ClusterMemberView member) =>
        member is { IsMaster: true, SilentSince: { } silent } ? Latest(silent, member.UnreachableSince!.Value) : member.UnreachableSince!.Value;

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private bool IsStable(DateTimeOffset since, DateTimeOffset now) => now - since >= StableAfter;

    private static bool HoldsMajority(IReadOnlyList<ClusterMemberView> masters, IReadOnlyList<ClusterMemberView> hearing) =>
        hearing.Count * 2 > masters.Count || (hearing.Count * 2 == masters.Count && hearing.Contains(masters[0]));
}
