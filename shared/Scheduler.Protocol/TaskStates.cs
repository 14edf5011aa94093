using Scheduler.Protocol.V1;

namespace Scheduler.Protocol;

/// <summary>Facts about Mesos task states.</summary>
public static class TaskStates
{
    public static bool IsTerminal(TaskState state) => state is
        TaskState.TaskFinished or TaskState.TaskFailed or TaskState.TaskKilled or TaskState.TaskError or
        TaskState.TaskLost or TaskState.TaskDropped or TaskState.TaskGone or TaskState.TaskGoneByOperator;
}
