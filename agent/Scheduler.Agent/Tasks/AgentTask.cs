using Scheduler.Agent.Containers;
using Scheduler.Protocol.V1;

namespace Scheduler.Agent.Tasks;

/// <summary>A task this agent runs: what it was asked to run, its container once launched, its latest state.</summary>
public sealed class AgentTask(FrameworkInfo framework, TaskInfo info, string sandbox)
{
    public FrameworkInfo Framework { get; } = framework;
    public TaskInfo Info { get; } = info;
    public string Sandbox { get; } = sandbox;
    public string FrameworkId => Framework.Id.Value;
    public string TaskId => Info.TaskId.Value;
    public IRunningContainer? Container { get; set; }
    public TaskState State { get; set; } = TaskState.TaskStaging;
    public bool KillRequested { get; set; }

    /// <summary>The default executor of the task group the task was launched in; its failure or kill takes the group down.</summary>
    public string? ExecutorId { get; init; }

    /// <summary>Killed because its health check failed too often in a row; its terminal update says unhealthy.</summary>
    public bool KilledByHealthCheck { get; set; }

    /// <summary>How long a kill waits between SIGTERM and SIGKILL: the kill call's, the task's, or the agent's default.</summary>
    public TimeSpan? KillGracePeriod { get; set; }

    public Protocol.V1.Task ToTask(string agentId)
    {
        var task = new Protocol.V1.Task
        {
            Name = Info.Name, TaskId = Info.TaskId, FrameworkId = Framework.Id,
            AgentId = new AgentID { Value = agentId }, State = State,
        };
        task.Resources.AddRange(Info.Resources);
        return task;
    }
}
