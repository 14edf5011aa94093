using Scheduler.Agent.Containers;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol;
using Scheduler.Protocol.V1;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Agent.Recovery;

/// <summary>
/// Decides, for a task an earlier agent process checkpointed, what the restarted agent reports: nothing yet (its
/// container was reattached, or its terminal update is already in the stream), how its container ended, or that it
/// was lost with the host.
/// </summary>
public static class TaskRecovery
{
    /// <summary>The update to report now, or null when there is none to add.</summary>
    public static TaskStatus? StatusAfterRestart(string agentId, TaskCheckpoint task, bool rebooted, ContainerRecovery? container)
    {
        if (task.LatestState is { } latest && TaskStates.IsTerminal(latest)) return null;
        if (rebooted)
        {
            var partitionAware = task.Framework.Capabilities.Any(c => c.Type == FrameworkInfo.Types.Capability.Types.Type.PartitionAware);
            return TaskStatusBuilder.Create(agentId, task.TaskId, partitionAware ? TaskState.TaskGone : TaskState.TaskLost,
                "The agent's host rebooted", TaskStatus.Types.Reason.AgentRestarted);
        }
        if (container?.Running is not null) return null;
        var ended = container?.Ended ?? ContainerTermination.Unknown("The task's container was not found after the agent restarted");
        var status = TaskStatusBuilder.Terminated(agentId, task.TaskId, ended, killRequested: task.LatestState == TaskState.TaskKilling);
        if (ended.ExitCode is null && ended.Signal is null && !ended.OomKilled)
            status.Reason = TaskStatus.Types.Reason.ExecutorTerminated;
        return status;
    }
}
