using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Resources;

namespace Scheduler.Fuzzing;

/// <summary>Scheduler calls of any type (known or not) with payloads that may be missing, empty, mismatched or hostile.</summary>
public static class RandomSchedulerCalls
{
    private static readonly Offer FakeOffer = new()
    {
        Id = new OfferID { Value = "O1" }, AgentId = new AgentID { Value = "A1" }, FrameworkId = new FrameworkID { Value = "F1" },
        Hostname = "h", Resources = { ResourceSet.Parse("cpus:4;mem:4096;ports:[31000-31010]").Allocate("*").ToProto() },
    };

    public static Call Next(Random random)
    {
        var type = random.Next(15) == 0 ? (Call.Types.Type)random.Next(20, 1000) : (Call.Types.Type)random.Next(0, 18);
        if (type == Call.Types.Type.Accept && random.Next(2) == 0)
            return AcceptGenerator.Generate(random, "F1", [FakeOffer], ["t1"]);
        var call = new Call { Type = type };
        if (random.Next(6) > 0) call.FrameworkId = new FrameworkID { Value = random.Next(4) == 0 ? "" : "F1" };
        switch (random.Next(10))
        {
            case 0: call.Subscribe = new Call.Types.Subscribe { FrameworkInfo = Info(random) }; break;
            case 1: call.Decline = new Call.Types.Decline { OfferIds = { new OfferID { Value = "O1" } }, Filters = new Filters { RefuseSeconds = -1 } }; break;
            case 2: call.Kill = new Call.Types.Kill { TaskId = random.Next(2) == 0 ? new TaskID { Value = "t1" } : null }; break;
            case 3: call.Acknowledge = new Call.Types.Acknowledge { TaskId = new TaskID { Value = "t1" }, AgentId = new AgentID { Value = "A1" } }; break;
            case 4: call.Reconcile = new Call.Types.Reconcile { Tasks = { new Call.Types.Reconcile.Types.Task { TaskId = new TaskID { Value = "" } } } }; break;
            case 5: call.UpdateFramework = new Call.Types.UpdateFramework { FrameworkInfo = Info(random), SuppressedRoles = { "web", "" } }; break;
            case 6: call.Revive = new Call.Types.Revive { Roles = { "", "*", "web", "../x" } }; break;
            case 7: call.Suppress = new Call.Types.Suppress { Roles = { "web", "web" } }; break;
            case 8: call.Accept = new Call.Types.Accept(); break;
        }
        return call;
    }

    private static FrameworkInfo Info(Random random)
    {
        var info = new FrameworkInfo { User = random.Next(5) == 0 ? "" : "alice", Name = "fuzz" };
        if (random.Next(2) == 0) info.Id = new FrameworkID { Value = "F1" };
        if (random.Next(3) == 0) info.Role = random.Next(2) == 0 ? "web" : "../bad";
        if (random.Next(3) == 0) info.Roles.AddRange(["web", "web", ""]);
        if (random.Next(3) == 0) info.FailoverTimeout = random.Next(2) == 0 ? double.NaN : -1;
        if (random.Next(4) == 0) info.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = (FrameworkInfo.Types.Capability.Types.Type)random.Next(20) });
        return info;
    }
}
