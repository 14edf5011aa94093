using Scheduler.Master.Registry;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;

namespace Scheduler.Master.Tests.Registry;

/// <summary>The registry's operations on agents' reachability, replayed as journal events and kept in snapshots.</summary>
[TestFixture]
public sealed class MasterRegistryPartitionTests
{
    private static readonly TimeInfo Since = TimeInfos.From(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Test]
    public void Unreachable_reachable_gone_and_pruned_agents_replay_and_survive_a_snapshot()
    {
        var registry = new MasterRegistry();
        foreach (var id in new[] { "a", "b", "c", "d" }) registry.Apply(new AgentAdmitted { AgentInfo = Agent(id) });
        registry.Apply(new AgentMarkedUnreachable { AgentInfo = Agent("a"), UnreachableTime = Since });
        registry.Apply(new AgentMarkedUnreachable { AgentInfo = Agent("b"), UnreachableTime = Since });
        registry.Apply(new AgentMarkedReachable { AgentInfo = Agent("b") });
        registry.Apply(new AgentMarkedGone { AgentId = new AgentID { Value = "c" }, GoneTime = Since, Hostname = "c.example.org" });
        registry.Apply(new AgentMarkedUnreachable { AgentInfo = Agent("d"), UnreachableTime = Since });
        registry.Apply(new RegistryPruned { UnreachableAgentIds = { new AgentID { Value = "d" } } });

        var restored = new MasterRegistry();
        restored.Apply(registry.ToSnapshot());

        foreach (var (name, r) in new[] { ("replayed", registry), ("restored", restored) })
            Assert.Multiple(() =>
            {
                Assert.That(r.Agents.Select(a => a.Id.Value), Is.EqualTo(new[] { "b" }), name);
                Assert.That(r.UnreachableAgents.Select(a => (a.AgentInfo.Id.Value, a.Timestamp.Nanoseconds)), Is.EqualTo(new[] { ("a", Since.Nanoseconds) }), name);
                Assert.That(r.GoneAgents.Select(a => (a.AgentId.Value, a.Hostname)), Is.EqualTo(new[] { ("c", "c.example.org") }), name);
                Assert.That(r.IsUnreachable("a") && r.IsGone("c") && !r.IsAdmitted("d") && !r.IsUnreachable("d"), Is.True, name);
            });
    }

    [Test]
    public void New_agent_ids_never_reuse_those_of_unreachable_or_gone_agents()
    {
        var registry = new MasterRegistry();
        registry.Apply(new AgentMarkedUnreachable { AgentInfo = Agent("m-S0"), UnreachableTime = Since });
        registry.Apply(new AgentMarkedGone { AgentId = new AgentID { Value = "m-S1" }, GoneTime = Since });

        Assert.That(registry.NextAgentId("m"), Is.EqualTo("m-S2"));
    }

    private static AgentInfo Agent(string id) => new() { Id = new AgentID { Value = id }, Hostname = $"{id}.example.org" };
}
