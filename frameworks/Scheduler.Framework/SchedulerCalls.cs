using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Framework;

/// <summary>Builds the scheduler API calls; the framework id is added when sending.</summary>
public static class SchedulerCalls
{
    public static Call Subscribe(FrameworkInfo frameworkInfo, IEnumerable<string> suppressedRoles) => new()
    {
        Type = Call.Types.Type.Subscribe,
        Subscribe = new Call.Types.Subscribe { FrameworkInfo = frameworkInfo, SuppressedRoles = { suppressedRoles } },
    };

    public static Call Accept(IEnumerable<OfferID> offerIds, IEnumerable<Offer.Types.Operation> operations, Filters? filters)
    {
        var accept = new Call.Types.Accept { OfferIds = { offerIds }, Operations = { operations } };
        if (filters is not null)
            accept.Filters = filters;
        return new Call { Type = Call.Types.Type.Accept, Accept = accept };
    }

    public static Call Launch(IEnumerable<OfferID> offerIds, IEnumerable<TaskInfo> tasks, Filters? filters) =>
        Accept(
            offerIds,
            [new Offer.Types.Operation
            {
                Type = Offer.Types.Operation.Types.Type.Launch,
                Launch = new Offer.Types.Operation.Types.Launch { TaskInfos = { tasks } },
            }],
            filters);

    public static Call Decline(IEnumerable<OfferID> offerIds, Filters? filters)
    {
        var decline = new Call.Types.Decline { OfferIds = { offerIds } };
        if (filters is not null)
            decline.Filters = filters;
        return new Call { Type = Call.Types.Type.Decline, Decline = decline };
    }

    public static Call Acknowledge(TaskStatus status)
    {
        if (!status.HasUuid)
            throw new ArgumentException("Only status updates with a uuid are acknowledged.", nameof(status));
        if (status.AgentId is null)
            throw new ArgumentException("A status update to acknowledge must name its agent.", nameof(status));

        return new Call
        {
            Type = Call.Types.Type.Acknowledge,
            Acknowledge = new Call.Types.Acknowledge { AgentId = status.AgentId, TaskId = status.TaskId, Uuid = status.Uuid },
        };
    }

    public static Call Kill(TaskID taskId, AgentID? agentId, KillPolicy? killPolicy)
    {
        var kill = new Call.Types.Kill { TaskId = taskId };
        if (agentId is not null)
            kill.AgentId = agentId;
        if (killPolicy is not null)
            kill.KillPolicy = killPolicy;
        return new Call { Type = Call.Types.Type.Kill, Kill = kill };
    }

    public static Call Revive(IEnumerable<string>? roles) => new()
    {
        Type = Call.Types.Type.Revive,
        Revive = new Call.Types.Revive { Roles = { roles ?? [] } },
    };

    public static Call UpdateFramework(FrameworkInfo frameworkInfo, IEnumerable<string> suppressedRoles) => new()
    {
        Type = Call.Types.Type.UpdateFramework,
        UpdateFramework = new Call.Types.UpdateFramework { FrameworkInfo = frameworkInfo, SuppressedRoles = { suppressedRoles } },
    };

    public static Call Suppress(IEnumerable<string>? roles) => new()
    {
        Type = Call.Types.Type.Suppress,
        Suppress = new Call.Types.Suppress { Roles = { roles ?? [] } },
    };

    public static Call Reconcile(IEnumerable<(TaskID TaskId, AgentID? AgentId)>? tasks)
    {
        var reconcile = new Call.Types.Reconcile();
        foreach (var (taskId, agentId) in tasks ?? [])
        {
            var task = new Call.Types.Reconcile.Types.Task { TaskId = taskId };
            if (agentId is not null)
                task.AgentId = agentId;
            reconcile.Tasks.Add(task);
        }

        return new Call { Type = Call.Types.Type.Reconcile, Reconcile = reconcile };
    }

    public static Call Message(AgentID agentId, ExecutorID executorId, byte[] data) => new()
    {
        Type = Call.Types.Type.Message,
        Message = new Call.Types.Message
        {
            AgentId = agentId,
            ExecutorId = executorId,
            Data = Google.Protobuf.ByteString.CopyFrom(data),
        },
    };

    public static Call Teardown() => new() { Type = Call.Types.Type.Teardown };
}
