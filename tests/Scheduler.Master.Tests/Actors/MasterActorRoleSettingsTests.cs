using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Configuration;
using Scheduler.Master.Actors;
using Scheduler.Master.Operator;
using Scheduler.Protocol.Serialization;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using Scheduler.Protocol.V1.Quota;
using Scheduler.Testing;

namespace Scheduler.Master.Tests.Actors;

/// <summary>Weights and quotas set by an operator survive a restart of the master on the same journal.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MasterActorRoleSettingsTests : ActorTestBase
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly MasterSettings _settings = new() { AllocationInterval = TimeSpan.FromMilliseconds(100) };

    public MasterActorRoleSettingsTests()
        : base(InMemoryRegistry.Config, "master-actor-role-settings-tests")
    {
    }

    [Test]
    public void A_restarted_master_keeps_the_weights_and_quotas_and_gives_them_to_its_allocator()
    {
        var first = Sys.ActorOf(MasterActor.Props(_settings));
        var weights = new Call { Type = Call.Types.Type.UpdateWeights, UpdateWeights = new Call.Types.UpdateWeights() };
        weights.UpdateWeights.WeightInfos.Add(new WeightInfo { Role = "eng", Weight = 3 });
        Assert.That(Handle(first, weights).StatusCode, Is.EqualTo(200));
        var quota = new Call { Type = Call.Types.Type.UpdateQuota, UpdateQuota = new Call.Types.UpdateQuota { Force = true } };
        var config = new QuotaConfig { Role = "eng" };
        config.Guarantees["cpus"] = new Value.Types.Scalar { Value = 1 };
        config.Limits["cpus"] = new Value.Types.Scalar { Value = 4 };
        quota.UpdateQuota.QuotaConfigs.Add(config);
        Assert.That(Handle(first, quota).StatusCode, Is.EqualTo(200));
        Stop(first);

        var second = Sys.ActorOf(MasterActor.Props(_settings));
        var recoveredWeights = Handle(second, new Call { Type = Call.Types.Type.GetWeights }).Response!.GetWeights.WeightInfos;
        var recoveredQuota = Handle(second, new Call { Type = Call.Types.Type.GetQuota }).Response!.GetQuota.Status.Configs;
        second.Tell(GetMasterRoles.Instance, TestActor);
        var roles = JsonNode.Parse(ExpectMsg<string>(Patience))!["roles"]!.AsArray();
        var eng = roles.Single(r => (string?)r!["name"] == "eng")!;

        Assert.Multiple(() =>
        {
            Assert.That(recoveredWeights.Single().Role, Is.EqualTo("eng"));
            Assert.That(recoveredWeights.Single().Weight, Is.EqualTo(3));
            Assert.That(recoveredQuota.Single(), Is.EqualTo(config));
            Assert.That((double?)eng["weight"], Is.EqualTo(3), "the allocator has the weight back");
            Assert.That((double?)eng["quota"]!["guarantee"]!["cpus"], Is.EqualTo(1), "the allocator has the guarantee back");
            Assert.That((double?)eng["quota"]!["limit"]!["cpus"], Is.EqualTo(4), "the allocator has the limit back");
        });
    }

    private OperatorCallOutcome Handle(IActorRef master, Call call)
    {
        master.Tell(new HandleOperatorCall(call), TestActor);
        return ExpectMsg<OperatorCallOutcome>(Patience);
    }

    private void Stop(IActorRef master)
    {
        Watch(master);
        Sys.Stop(master);
        ExpectTerminated(master, Patience);
    }
}
