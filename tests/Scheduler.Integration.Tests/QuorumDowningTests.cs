using Akka.Actor;
using Akka.Cluster;
using Akka.Remote;
using Akka.Remote.Transport;
using Scheduler.Agent;
using Scheduler.Master;

namespace Scheduler.Integration.Tests;

/// <summary>
/// Downing in a real cluster of ActorSystems over Akka.Remote on loopback, with Akka's throttler adapter cutting one
/// link: what one agent fails to hear must never cost the cluster a master.
/// </summary>
[TestFixture]
public sealed class QuorumDowningTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly InProcessNodes _nodes = new();

    [TearDown]
    public Task StopAsync() => _nodes.StopAllAsync();

    [Test]
    public async Task An_agent_cut_off_from_the_leading_master_alone_is_downed_and_every_master_stays()
    {
        var leader = await StartNodeAsync(MasterNode.Role, seed: null);
        var seed = Cluster.Get(leader).SelfAddress.ToString();
        var second = await StartNodeAsync(MasterNode.Role, seed);
        var third = await StartNodeAsync(MasterNode.Role, seed);
        var agent = await StartNodeAsync(AgentNode.Role, seed);
        var masters = new[] { leader, second, third };
        await EventuallyAsync(() => Cluster.Get(leader).State.Members.Count(m => m.Status == MemberStatus.Up) == 4, "four members up");

        // Both directions between the agent and the leading master only; the masters still hear each other and the agent.
        var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)agent).Provider).Transport;
        var cut = await transport.ManagementCommand(
            new SetThrottle(Cluster.Get(leader).SelfAddress, ThrottleTransportAdapter.Direction.Both, Blackhole.Instance));
        Assert.That(cut, Is.True, "the throttler took the cut");

        var agentAddress = Cluster.Get(agent).SelfAddress;
        await EventuallyAsync(() => MemberOf(leader, agentAddress) is null or { Status: MemberStatus.Down or MemberStatus.Removed },
            "the agent is downed", () => AssertMastersUp(masters));
        // Past the agent's own patience, and long enough for a wrong decision about a master to have been taken.
        var watch = DateTime.UtcNow + TimeSpan.FromSeconds(6);
        while (DateTime.UtcNow < watch)
        {
            AssertMastersUp(masters);
            await Task.Delay(100);
        }
    }

    [Test]
    public async Task A_crashed_leading_master_is_downed_by_the_others_and_the_next_oldest_becomes_the_oldest()
    {
        var leader = await StartNodeAsync(MasterNode.Role, seed: null, crashOnTerminate: true);
        var seed = Cluster.Get(leader).SelfAddress.ToString();
        var second = await StartNodeAsync(MasterNode.Role, seed);
        var third = await StartNodeAsync(MasterNode.Role, seed);
        var agent = await StartNodeAsync(AgentNode.Role, seed);
        await EventuallyAsync(() => Cluster.Get(second).State.Members.Count(m => m.Status == MemberStatus.Up) == 4, "four members up");
        var crashed = Cluster.Get(leader).SelfAddress;

        await leader.Terminate();

        await EventuallyAsync(() => MemberOf(second, crashed) is null && MemberOf(third, crashed) is null && MemberOf(agent, crashed) is null,
            "the crashed master is removed everywhere");
        AssertMastersUp([second, third]);
        Assert.That(agent.WhenTerminated.IsCompleted, Is.False, "the agent stays");
        var oldest = Cluster.Get(third).State.Members.Where(m => m.HasRole(MasterNode.Role)).OrderBy(m => m, Member.AgeOrdering).First();
        Assert.That(oldest.Address, Is.EqualTo(Cluster.Get(second).SelfAddress));
    }

    private static void AssertMastersUp(IReadOnlyList<ActorSystem> masters)
    {
        foreach (var master in masters)
        {
            Assert.That(master.WhenTerminated.IsCompleted, Is.False, $"master {Cluster.Get(master).SelfAddress} was shut down");
            foreach (var peer in masters)
                Assert.That(MemberOf(master, Cluster.Get(peer).SelfAddress)?.Status, Is.EqualTo(MemberStatus.Up),
                    $"{Cluster.Get(peer).SelfAddress} as {Cluster.Get(master).SelfAddress} sees it");
        }
    }

    private static Member? MemberOf(ActorSystem observer, Address address) =>
        Cluster.Get(observer).State.Members.FirstOrDefault(m => m.Address.Equals(address));

    /// <param name="crashOnTerminate">Whether terminating the system leaves the cluster without a word, as a crashed process does.</param>
    private Task<ActorSystem> StartNodeAsync(string role, string? seed, bool crashOnTerminate = false) =>
        _nodes.StartAsync(role, seed, $"""
            akka.remote.dot-netty.tcp.applied-adapters = [trttl]
            akka.coordinated-shutdown.run-by-actor-system-terminate = {(crashOnTerminate ? "off" : "on")}
            """);

    private static async Task EventuallyAsync(Func<bool> condition, string what, Action? meanwhile = null)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            meanwhile?.Invoke();
            if (DateTime.UtcNow > deadline) Assert.Fail($"not within {Deadline.TotalSeconds} s: {what}");
            await Task.Delay(100);
        }
    }
}
