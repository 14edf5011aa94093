namespace Scheduler.Cli.Hosting;

/// <summary>
/// How fast the cluster notices a crashed node and downs it, which is how fast a new leading master takes over
/// (about 5 s on loopback with these values; Akka's defaults take close to a minute).
/// </summary>
public sealed record ClusterTimings
{
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Generous enough that a busy machine's delayed heartbeats (close to 1 s seen on 2 shared cores) do not down a live node.</summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a member must stay unreachable before it is downed (the masters' quorum downing).</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan DownRemovalMargin { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan GossipInterval { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan LeaderActionsInterval { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan SingletonRetryInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}
