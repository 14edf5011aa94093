using Scheduler.Agent.Containers;
using Scheduler.Agent.Tasks;
using Scheduler.Resources;

namespace Scheduler.Agent.Http;

/// <summary>A running task's container as <c>/monitor/statistics</c> lists it: the ids Mesos shows and the container to read.</summary>
public sealed record MonitoredContainer(
    string FrameworkId,
    string ExecutorId,
    string ExecutorName,
    string Source,
    double? CpusLimit,
    IRunningContainer Container)
{
    private const int CommandChars = 15;

    /// <summary>A command task as Mesos shows it: its command executor has the task's id and is named after its command.</summary>
    public static MonitoredContainer Of(AgentTask task, IRunningContainer container)
    {
        var command = task.Info.Command?.Value ?? "";
        if (command.Length > CommandChars) command = command[..CommandChars] + "...";
        return new MonitoredContainer(task.FrameworkId, task.TaskId,
            $"Command Executor (Task: {task.TaskId}) (Command: sh -c '{command}')", task.TaskId,
            ResourceSet.FromProto(task.Info.Resources).Cpus, container);
    }
}
