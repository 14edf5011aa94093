using Scheduler.Protocol.V1;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Integration.Tests;

/// <summary>What the partition tests' framework says it is, and what it hears when its task's agent comes back.</summary>
public static class PartitionAwareFramework
{
    public static FrameworkInfo Info(double failoverTimeout)
    {
        var framework = new FrameworkInfo { Name = "partition-aware", User = "root", FailoverTimeout = failoverTimeout };
        framework.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.PartitionAware });
        return framework;
    }

    /// <summary>The TASK_RUNNING for a re-registered agent that came after TASK_UNREACHABLE, if it came.</summary>
    public static TaskStatus? Reregistered(IReadOnlyList<TaskStatus> statuses) =>
        statuses.SkipWhile(s => s.State != TaskState.TaskUnreachable)
            .FirstOrDefault(s => s.State == TaskState.TaskRunning && s.Reason == TaskStatus.Types.Reason.AgentReregistered);
}
