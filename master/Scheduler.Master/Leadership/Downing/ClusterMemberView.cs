namespace Scheduler.Master.Leadership.Downing;

/// <summary>
/// A cluster member as the downing decision on one node sees it.
/// </summary>
/// <param name="Node">The member's unique address (address and incarnation).</param>
/// <param name="IsMaster">Whether it carries the master role.</param>
/// <param name="Counted">Whether it counts towards the masters' majority: a master that is up or leaving, not joining or downed.</param>
/// <param name="UnreachableSince">Since when the cluster (any observer) has seen it unreachable, or null while reachable.</param>
/// <param name="Watched">Whether this node watches it itself: a master pings the other masters; an agent watches its
/// neighbours in the cluster's heartbeat ring.</param>
/// <param name="SilentSince">Since when this node itself has not heard from it, or null while it hears it or does not watch it.</param>
public sealed record ClusterMemberView(string Node, bool IsMaster, bool Counted, DateTimeOffset? UnreachableSince,
    bool Watched = false, DateTimeOffset? SilentSince = null);
