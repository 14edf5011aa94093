using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;

namespace Scheduler.Agent.Recovery;

/// <summary>What the agent checkpointed about one task: enough to recover it and its status update stream.</summary>
public sealed record TaskCheckpoint(
    FrameworkInfo Framework,
    TaskInfo Task,
    string? ContainerId,
    IReadOnlyList<(StatusUpdateReported? Update, Guid Acknowledged)> UpdateLog)
{
    public string FrameworkId => Framework.Id.Value;
    public string TaskId => Task.TaskId.Value;

    /// <summary>The state of the latest update the agent generated, if any.</summary>
    public TaskState? LatestState => UpdateLog.LastOrDefault(r => r.Update is not null).Update?.Status.State;
}
