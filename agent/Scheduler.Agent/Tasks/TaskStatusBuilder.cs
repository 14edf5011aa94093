using Google.Protobuf;
using Scheduler.Agent.Containers;
using Scheduler.Protocol.V1;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Agent.Tasks;

/// <summary>Builds the status updates an agent sends for its tasks, each with a fresh uuid.</summary>
public static class TaskStatusBuilder
{
    public const string ExitCodeLabel = "exit_code";

    public static TaskStatus Create(string agentId, string taskId, TaskState state, string? message = null,
        TaskStatus.Types.Reason? reason = null)
    {
        var status = new TaskStatus
        {
            TaskId = new TaskID { Value = taskId },
            AgentId = new AgentID { Value = agentId },
            State = state,
            Source = TaskStatus.Types.Source.Executor,
            Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
            Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
        };
        if (message is not null) status.Message = message;
        if (reason is { } r) status.Reason = r;
        return status;
    }

    /// <summary>The terminal update for a container that ended, as Mesos's command executor reports it.</summary>
    public static TaskStatus Terminated(string agentId, string taskId, ContainerTermination termination, bool killRequested)
    {
        TaskStatus status;
        if (termination.OomKilled)
            status = Create(agentId, taskId, TaskState.TaskFailed, termination.Message,
                TaskStatus.Types.Reason.ContainerLimitationMemory);
        else if (killRequested)
            status = Create(agentId, taskId, TaskState.TaskKilled, termination.Message);
        else if (termination.ExitCode == 0)
            status = Create(agentId, taskId, TaskState.TaskFinished, termination.Message);
        else
            status = Create(agentId, taskId, TaskState.TaskFailed, termination.Message,
                TaskStatus.Types.Reason.CommandExecutorFailed);

        var exitCode = termination.ExitCode ?? (termination.Signal is { } signal ? 128 + signal : null);
        if (exitCode is { } code)
            status.Labels = new Labels { Labels_ = { new Label { Key = ExitCodeLabel, Value = code.ToString() } } };
        return status;
    }
}
