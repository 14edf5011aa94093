using Scheduler.Master.Leadership.Downing;

namespace Scheduler.Master.Tests.Leadership.Downing;

[TestFixture]
public class QuorumDowningTests
{
    private static readonly TimeSpan Stable = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LongAgo = Now - TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset JustNow = Now - TimeSpan.FromMilliseconds(100);
    private readonly QuorumDowning _downing = new(Stable);

    private static ClusterMemberView Master(string node, DateTimeOffset? unreachable = null, DateTimeOffset? silent = null) =>
        new(node, IsMaster: true, Counted: true, unreachable, Watched: true, silent);

    private static ClusterMemberView Agent(string node, DateTimeOffset? unreachable = null, bool watched = false, DateTimeOffset? silent = null) =>
        new(node, IsMaster: false, Counted: false, unreachable, watched, silent);

    [Test]
    public void The_oldest_master_downs_an_agent_the_cluster_has_seen_unreachable_for_the_stable_time()
    {
        var members = new[] { Master("m1"), Master("m2"), Agent("a1", LongAgo), Agent("a2", JustNow) };

        Assert.That(_downing.Decide("m1", members, Now), Is.EqualTo(new[] { "a1" }));
        Assert.That(_downing.Decide("m2", members, Now), Is.Empty, "only the oldest master that hears a majority acts");
        Assert.That(_downing.Decide("a2", members, Now), Is.Empty, "agents decide only about themselves");
    }

    [Test]
    public void A_master_that_agents_see_unreachable_but_the_masters_hear_is_never_downed()
    {
        var members = new[] { Master("m1"), Master("m2", unreachable: LongAgo), Master("m3"), Agent("a1") };

        Assert.That(_downing.Decide("m1", members, Now), Is.Empty);
        Assert.That(_downing.Decide("m2", members, Now), Is.Empty);
    }

    [Test]
    public void A_crashed_master_is_downed_once_the_cluster_and_the_masters_own_pings_agree_for_the_stable_time()
    {
        var crashed = new[] { Master("m1", unreachable: LongAgo, silent: LongAgo), Master("m2"), Master("m3") };
        var fresh = new[] { Master("m1", unreachable: LongAgo, silent: JustNow), Master("m2"), Master("m3") };

        Assert.That(_downing.Decide("m2", crashed, Now), Is.EqualTo(new[] { "m1" }), "the oldest master still heard acts");
        Assert.That(_downing.Decide("m3", crashed, Now), Is.Empty);
        Assert.That(_downing.Decide("m2", fresh, Now), Is.Empty, "silent for less than the stable time");
    }

    [Test]
    public void A_master_on_the_minority_side_downs_itself_and_the_majority_downs_it()
    {
        var seenFromM1 = new[] { Master("m1"), Master("m2", LongAgo, LongAgo), Master("m3", LongAgo, LongAgo), Agent("a1") };
        var seenFromM2 = new[] { Master("m1", LongAgo, LongAgo), Master("m2"), Master("m3"), Agent("a1", LongAgo) };

        Assert.That(_downing.Decide("m1", seenFromM1, Now), Is.EqualTo(new[] { "m1" }));
        Assert.That(_downing.Decide("m2", seenFromM2, Now), Is.EquivalentTo(new[] { "m1", "a1" }));
    }

    [Test]
    public void Of_two_equal_halves_the_one_with_the_oldest_master_stays()
    {
        var seenFromM1 = new[] { Master("m1"), Master("m2", LongAgo, LongAgo) };
        var seenFromM2 = new[] { Master("m1", LongAgo, LongAgo), Master("m2") };

        Assert.That(_downing.Decide("m1", seenFromM1, Now), Is.EqualTo(new[] { "m2" }));
        Assert.That(_downing.Decide("m2", seenFromM2, Now), Is.EqualTo(new[] { "m2" }));
    }

    [Test]
    public void A_single_master_never_downs_itself_and_downs_lost_agents()
    {
        var members = new[] { Master("m1"), Agent("a1", LongAgo) };

        Assert.That(_downing.Decide("m1", members, Now), Is.EqualTo(new[] { "a1" }));
    }

    [Test]
    public void A_joining_master_neither_counts_nor_decides()
    {
        var joining = new ClusterMemberView("m0", IsMaster: true, Counted: false, UnreachableSince: null);
        var members = new[] { joining, Master("m1"), Agent("a1", LongAgo) };

        Assert.That(_downing.Decide("m0", members, Now), Is.Empty);
        Assert.That(_downing.Decide("m1", members, Now), Is.EqualTo(new[] { "a1" }));
    }

    [Test]
    public void An_agent_cut_off_from_everything_it_watches_downs_itself_after_the_stable_time()
    {
        var cutOff = new[] { Master("m1", LongAgo) with { Watched = true, SilentSince = LongAgo }, Agent("a1"), Agent("a2", LongAgo, watched: true, silent: LongAgo) };
        var justCut = new[] { Master("m1", JustNow) with { SilentSince = JustNow }, Agent("a1"), Agent("a2", JustNow, watched: true, silent: JustNow) };
        var hearsANeighbour = new[] { Master("m1", LongAgo) with { Watched = false, SilentSince = null }, Agent("a1"), Agent("a2", watched: true) };

        Assert.That(_downing.Decide("a1", cutOff, Now), Is.EqualTo(new[] { "a1" }));
        Assert.That(_downing.Decide("a1", justCut, Now), Is.Empty);
        Assert.That(_downing.Decide("a1", hearsANeighbour, Now), Is.Empty);
    }

    [Test]
    public void An_agent_that_alone_cannot_hear_a_master_downs_itself_after_its_patience()
    {
        var patience = _downing.AgentPatience;
        var lost = Now - patience - TimeSpan.FromMilliseconds(1);
        var recent = Now - patience + TimeSpan.FromMilliseconds(500);

        Assert.That(_downing.Decide("a1", [Master("m1"), Master("m2", lost, lost), Agent("a1")], Now), Is.EqualTo(new[] { "a1" }));
        Assert.That(_downing.Decide("a1", [Master("m1"), Master("m2", recent, recent), Agent("a1")], Now), Is.Empty);
        Assert.That(_downing.Decide("a1", [Master("m1"), Master("m2", lost) with { Watched = false }, Agent("a1")], Now), Is.Empty,
            "another member's observation is not this agent's fault");
    }

    [Test]
    public void Nothing_is_downed_while_there_is_no_master()
    {
        Assert.That(_downing.Decide("a1", [Agent("a1"), Agent("a2", LongAgo, watched: true, silent: LongAgo)], Now), Is.Empty);
    }
}
