using Akka.Configuration;

namespace Scheduler.Master.Leadership.Downing;

/// <summary>The timings of <see cref="QuorumDowning"/>, from <c>akka.cluster.quorum-downing</c>.</summary>
/// <param name="DownRemovalMargin">How long after a node is removed its singleton may start elsewhere
/// (<c>akka.cluster.down-removal-margin</c>; the stable time when off).</param>
public sealed record QuorumDowningSettings(TimeSpan StableAfter, TimeSpan PingInterval, TimeSpan AcceptablePause, TimeSpan DownRemovalMargin)
{
    public const string Section = "akka.cluster.quorum-downing";
    private const string DownRemovalMarginPath = "akka.cluster.down-removal-margin";

    public static QuorumDowningSettings From(Config config)
    {
        var stableAfter = config.GetTimeSpan($"{Section}.stable-after", TimeSpan.FromSeconds(1));
        var margin = config.GetString(DownRemovalMarginPath, "off") is "off" ? stableAfter : config.GetTimeSpan(DownRemovalMarginPath);
        return new QuorumDowningSettings(stableAfter,
            config.GetTimeSpan($"{Section}.ping-interval", TimeSpan.FromMilliseconds(200)),
            config.GetTimeSpan($"{Section}.acceptable-pause", TimeSpan.FromSeconds(2)),
            margin);
    }
}
