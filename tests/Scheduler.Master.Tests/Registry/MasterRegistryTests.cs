using Google.Protobuf;
using Scheduler.Master.Registry;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;

namespace Scheduler.Master.Tests.Registry;

/// <summary>The durable registry: events replayed in order, and snapshots that bring it back whole.</summary>
[TestFixture]
public sealed class MasterRegistryTests
{
    [Test]
    public void Weights_and_quotas_survive_a_snapshot_and_an_empty_quota_config_drops_the_role()
    {
        var registry = new MasterRegistry();
        var weights = new WeightsUpdated();
        weights.WeightInfos.Add(new WeightInfo { Role = "eng", Weight = 2 });
        registry.Apply(weights);
        var quota = new QuotaConfigsUpdated();
        var eng = new Protocol.V1.Quota.QuotaConfig { Role = "eng" };
        eng.Limits["cpus"] = new Value.Types.Scalar { Value = 3 };
        quota.QuotaConfigs.Add(eng);
        quota.QuotaConfigs.Add(new Protocol.V1.Quota.QuotaConfig { Role = "ops" });
        registry.Apply(quota);

        var restored = new MasterRegistry();
        restored.Apply(registry.ToSnapshot());

        Assert.Multiple(() =>
        {
            Assert.That(restored.Weights["eng"], Is.EqualTo(2));
            Assert.That(restored.QuotaConfigs, Is.EqualTo(new[] { eng }));
        });
    }

    [Test]
    public void Events_are_applied_in_the_order_given()
    {
        var registry = new MasterRegistry();

        registry.Apply(Admitted("m-S0", "a.example.org"));
        registry.Apply(Added("m-0000", "batch"));
        registry.Apply(Added("m-0001", "service"));
        registry.Apply(Removed("m-0000"));
        registry.Apply(Admitted("m-S1", "b.example.org"));

        Assert.Multiple(() =>
        {
            Assert.That(registry.Agents.Select(a => a.Id.Value), Is.EquivalentTo(new[] { "m-S0", "m-S1" }));
            Assert.That(registry.Frameworks.Select(f => f.Id.Value), Is.EqualTo(new[] { "m-0001" }));
            Assert.That(registry.IsAdmitted("m-S1"), Is.True);
            Assert.That(registry.IsKnownFramework("m-0000"), Is.False);
            Assert.That(registry.IsKnownFramework("m-0001"), Is.True);
        });
    }

    [Test]
    public void A_framework_added_again_after_its_removal_is_known()
    {
        var registry = new MasterRegistry();

        registry.Apply(Added("m-0000", "batch"));
        registry.Apply(Removed("m-0000"));
        registry.Apply(Added("m-0000", "batch"));

        Assert.That(registry.IsKnownFramework("m-0000"), Is.True);
    }

    [Test]
    public void The_latest_admission_of_an_agent_wins()
    {
        var registry = new MasterRegistry();

        registry.Apply(Admitted("m-S0", "old.example.org"));
        registry.Apply(Admitted("m-S0", "new.example.org"));

        Assert.That(registry.Agents.Select(a => a.Hostname), Is.EqualTo(new[] { "new.example.org" }));
    }

    [Test]
    public void Removing_an_unknown_framework_changes_nothing()
    {
        var registry = new MasterRegistry();
        registry.Apply(Added("m-0000", "batch"));

        registry.Apply(Removed("m-0099"));

        Assert.That(registry.Frameworks.Select(f => f.Id.Value), Is.EqualTo(new[] { "m-0000" }));
    }

    [Test]
    public void Ids_are_handed_out_in_sequence_under_the_masters_id()
    {
        var registry = new MasterRegistry();

        Assert.Multiple(() =>
        {
            Assert.That(registry.NextAgentId("m"), Is.EqualTo("m-S0"));
            Assert.That(registry.NextAgentId("m"), Is.EqualTo("m-S1"));
            Assert.That(registry.NextFrameworkId("m"), Is.EqualTo("m-0000"));
            Assert.That(registry.NextFrameworkId("m"), Is.EqualTo("m-0001"));
        });
    }

    [Test]
    public void A_snapshot_brings_back_every_agent_and_framework()
    {
        var original = new MasterRegistry();
        original.Apply(Admitted("m-S0", "a.example.org"));
        original.Apply(Admitted("m-S1", "b.example.org"));
        original.Apply(Added("m-0000", "batch"));
        original.Apply(Added("m-0001", "service"));
        original.Apply(Removed("m-0000"));

        var restored = new MasterRegistry();
        restored.Apply(original.ToSnapshot());

        Assert.Multiple(() =>
        {
            Assert.That(restored.Agents, Is.EquivalentTo(original.Agents));
            Assert.That(restored.Frameworks, Is.EquivalentTo(original.Frameworks));
            Assert.That(restored.Frameworks.Single().Name, Is.EqualTo("service"));
            Assert.That(restored.IsKnownFramework("m-0000"), Is.False);
        });
    }

    [Test]
    public void A_snapshot_survives_its_wire_format()
    {
        var original = new MasterRegistry();
        original.Apply(Admitted("m-S0", "a.example.org"));
        original.Apply(Added("m-0000", "batch"));

        var restored = new MasterRegistry();
        restored.Apply(RegistryState.Parser.ParseFrom(original.ToSnapshot().ToByteArray()));

        Assert.That(restored.ToSnapshot(), Is.EqualTo(original.ToSnapshot()));
    }

    [Test]
    public void Applying_a_snapshot_replaces_what_was_there_and_later_events_apply_on_top()
    {
        var snapshot = new MasterRegistry();
        snapshot.Apply(Added("m-0001", "service"));
        var registry = new MasterRegistry();
        registry.Apply(Admitted("m-S7", "stale.example.org"));
        registry.Apply(Added("m-0007", "stale"));

        registry.Apply(snapshot.ToSnapshot());
        registry.Apply(Admitted("m-S0", "a.example.org"));

        Assert.Multiple(() =>
        {
            Assert.That(registry.Agents.Select(a => a.Id.Value), Is.EqualTo(new[] { "m-S0" }));
            Assert.That(registry.Frameworks.Select(f => f.Id.Value), Is.EqualTo(new[] { "m-0001" }));
        });
    }

    [Test]
    public void A_restored_registry_does_not_hand_out_an_id_it_already_holds()
    {
        var original = new MasterRegistry();
        var agentId = original.NextAgentId("m");
        var frameworkId = original.NextFrameworkId("m");
        original.Apply(Admitted(agentId, "a.example.org"));
        original.Apply(Added(frameworkId, "batch"));

        var restored = new MasterRegistry();
        restored.Apply(original.ToSnapshot());

        Assert.Multiple(() =>
        {
            Assert.That(restored.NextAgentId("m"), Is.Not.EqualTo(agentId));
            Assert.That(restored.NextFrameworkId("m"), Is.Not.EqualTo(frameworkId));
        });
    }

    private static AgentAdmitted Admitted(string agentId, string hostname) => new()
    {
        AgentInfo = new AgentInfo { Id = new AgentID { Value = agentId }, Hostname = hostname },
    };

    private static FrameworkAdded Added(string frameworkId, string name) => new()
    {
        FrameworkInfo = new FrameworkInfo { Id = new FrameworkID { Value = frameworkId }, Name = name, User = "alice" },
    };

    private static FrameworkRemoved Removed(string frameworkId) => new()
    {
        FrameworkId = new FrameworkID { Value = frameworkId },
    };
}
