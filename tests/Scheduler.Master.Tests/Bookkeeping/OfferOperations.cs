using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Resources;
using Operation = Scheduler.Protocol.V1.Offer.Types.Operation;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>Offer operations beyond a single LAUNCH, and ACCEPT calls that carry several of them in order.</summary>
public static class OfferOperations
{
    /// <summary>The unreserved resources of <paramref name="text"/> reserved dynamically for <paramref name="role"/>.</summary>
    public static ResourceSet Dynamic(string text, string role, string? principal = "ops") =>
        ResourceSet.Of(ResourceSet.Parse(text).Select(r => r.WithDynamicReservation(role, new DynamicReservation(principal))));

    public static Operation Reserve(ResourceSet resources) =>
        new() { Type = Operation.Types.Type.Reserve, Reserve = new Operation.Types.Reserve { Resources = { resources.ToProto() } } };

    public static Operation Unreserve(ResourceSet resources) =>
        new() { Type = Operation.Types.Type.Unreserve, Unreserve = new Operation.Types.Unreserve { Resources = { resources.ToProto() } } };

    public static Operation Launch(params TaskInfo[] tasks) =>
        new() { Type = Operation.Types.Type.Launch, Launch = new Operation.Types.Launch { TaskInfos = { tasks } } };

    public static Call Accept(string frameworkId, string offerId, params Operation[] operations)
    {
        var accept = new Call.Types.Accept { OfferIds = { new OfferID { Value = offerId } }, Operations = { operations } };
        return new Call { FrameworkId = new FrameworkID { Value = frameworkId }, Type = Call.Types.Type.Accept, Accept = accept };
    }
}
