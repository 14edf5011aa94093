using Google.Protobuf;
using Scheduler.Protocol.V1;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Bookkeeping;

/// <summary>Status updates the master itself generates (invalid tasks, reconciliation).</summary>
public static class TaskStatusFactory
{
    public static TaskStatus Create(TaskInfo task, TaskState state, TaskStatus.Types.Reason reason, string message)
    {
        var status = new TaskStatus
        {
            TaskId = task.TaskId ?? new TaskID { Value = "" },
            State = state,
            Source = TaskStatus.Types.Source.Master,
            Reason = reason,
            Message = message,
            Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
        };
        if (task.AgentId is not null) status.AgentId = task.AgentId;
        return status;
    }

    /// <summary>A state the master decides for a task it knows, such as TASK_UNREACHABLE when its agent is lost.</summary>
    public static TaskStatus ForTask(Protocol.V1.Task task, TaskState state, TaskStatus.Types.Reason reason, string message, DateTimeOffset now) => new()
    {
        TaskId = task.TaskId,
        AgentId = task.AgentId,
        State = state,
        Source = TaskStatus.Types.Source.Master,
        Reason = reason,
        Message = message,
        Timestamp = now.ToUnixTimeMilliseconds() / 1000.0,
    };

    public static TaskStatus Reconciled(Protocol.V1.Task task, DateTimeOffset now)
    {
        var latest = task.Statuses.LastOrDefault();
        var status = new TaskStatus
        {
            TaskId = task.TaskId,
            State = task.State,
            Source = TaskStatus.Types.Source.Master,
            Reason = TaskStatus.Types.Reason.Reconciliation,
            AgentId = task.AgentId,
            Timestamp = now.ToUnixTimeMilliseconds() / 1000.0,
        };
        if (latest is not null && latest.HasMessage) status.Message = latest.Message;
        if (latest is not null && latest.HasHealthy) status.Healthy = latest.Healthy;
        if (latest?.UnreachableTime is not null) status.UnreachableTime = latest.UnreachableTime;
        return status;
    }
}
