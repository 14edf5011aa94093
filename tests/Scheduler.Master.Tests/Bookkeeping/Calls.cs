using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>Non-subscribe scheduler calls of one framework.</summary>
public static class Calls
{
    public static Call Accept(string frameworkId, string offerId, params TaskInfo[] tasks) =>
        Accept(frameworkId, [offerId], tasks, refuseSeconds: null);

    public static Call Accept(string frameworkId, IEnumerable<string> offerIds, IEnumerable<TaskInfo> tasks, double? refuseSeconds)
    {
        var accept = new Call.Types.Accept();
        accept.OfferIds.AddRange(offerIds.Select(id => new OfferID { Value = id }));
        var launch = new Offer.Types.Operation.Types.Launch();
        launch.TaskInfos.AddRange(tasks);
        accept.Operations.Add(new Offer.Types.Operation { Type = Offer.Types.Operation.Types.Type.Launch, Launch = launch });
        if (refuseSeconds is { } seconds) accept.Filters = new Filters { RefuseSeconds = seconds };
        return Of(frameworkId, Call.Types.Type.Accept, call => call.Accept = accept);
    }

    public static Call Decline(string frameworkId, string offerId, double? refuseSeconds = null)
    {
        var decline = new Call.Types.Decline { OfferIds = { new OfferID { Value = offerId } } };
        if (refuseSeconds is { } seconds) decline.Filters = new Filters { RefuseSeconds = seconds };
        return Of(frameworkId, Call.Types.Type.Decline, call => call.Decline = decline);
    }

    public static Call Acknowledge(string frameworkId, TaskStatus status) =>
        Of(frameworkId, Call.Types.Type.Acknowledge, call => call.Acknowledge = new Call.Types.Acknowledge
        {
            AgentId = status.AgentId, TaskId = status.TaskId, Uuid = status.Uuid,
        });

    public static Call Kill(string frameworkId, string taskId) =>
        Of(frameworkId, Call.Types.Type.Kill, call => call.Kill = new Call.Types.Kill { TaskId = new TaskID { Value = taskId } });

    public static Call Teardown(string frameworkId) => Of(frameworkId, Call.Types.Type.Teardown, _ => { });

    public static Call Revive(string frameworkId, params string[] roles) =>
        Of(frameworkId, Call.Types.Type.Revive, call => call.Revive = new Call.Types.Revive { Roles = { roles } });

    public static Call Suppress(string frameworkId, params string[] roles) =>
        Of(frameworkId, Call.Types.Type.Suppress, call => call.Suppress = new Call.Types.Suppress { Roles = { roles } });

    public static Call UpdateFramework(string frameworkId, FrameworkInfo info, params string[] suppressedRoles) =>
        Of(frameworkId, Call.Types.Type.UpdateFramework, call => call.UpdateFramework = new Call.Types.UpdateFramework
        {
            FrameworkInfo = info, SuppressedRoles = { suppressedRoles },
        });

    /// <summary>Explicit reconciliation of the given tasks; with none, implicit reconciliation of every task.</summary>
    public static Call Reconcile(string frameworkId, params string[] taskIds)
    {
        var reconcile = new Call.Types.Reconcile();
        reconcile.Tasks.AddRange(taskIds.Select(id => new Call.Types.Reconcile.Types.Task { TaskId = new TaskID { Value = id } }));
        return Of(frameworkId, Call.Types.Type.Reconcile, call => call.Reconcile = reconcile);
    }

    private static Call Of(string frameworkId, Call.Types.Type type, Action<Call> fill)
    {
        var call = new Call { FrameworkId = new FrameworkID { Value = frameworkId }, Type = type };
        fill(call);
        return call;
    }
}
