using Scheduler.Protocol.V1;

namespace Scheduler.Master.Bookkeeping;

/// <summary>Turns a launched TaskInfo into the master's task record (Mesos's <c>Task</c>).</summary>
public static class TaskFactory
{
    public static Protocol.V1.Task Create(TaskInfo info, FrameworkID frameworkId)
    {
        var task = new Protocol.V1.Task
        {
            Name = info.Name,
            TaskId = info.TaskId,
            FrameworkId = frameworkId,
            AgentId = info.AgentId,
            State = TaskState.TaskStaging,
        };
        task.Resources.AddRange(info.Resources);
        if (info.Labels is not null) task.Labels = info.Labels;
        if (info.Container is not null) task.Container = info.Container;
        if (info.KillPolicy is not null) task.KillPolicy = info.KillPolicy;
        if (info.Command is not null && info.Command.HasUser) task.User = info.Command.User;
        return task;
    }
}
