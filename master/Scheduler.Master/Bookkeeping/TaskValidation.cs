using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Master.Bookkeeping;

/// <summary>Checks a task in an ACCEPT before it is launched, with Mesos-style messages.</summary>
public static class TaskValidation
{
    public static string? Validate(TaskInfo task, ResourceSet resources, ResourceSet offered, FrameworkRecord framework)
    {
        if (task.TaskId is null || string.IsNullOrWhiteSpace(task.TaskId.Value)) return "Task ID must not be empty";
        if (task.TaskId.Value.Contains('/') || task.TaskId.Value.Any(char.IsControl))
            return $"Task ID '{task.TaskId.Value}' contains an invalid character";
        if (framework.Tasks.ContainsKey(task.TaskId.Value)) return $"Task has duplicate ID: {task.TaskId.Value}";
        if (!task.HasName) return "Task name must be present";
        if (task.Command is null && task.Executor is null) return "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present";
        if (task.Command is not null && task.Command.Shell && !task.Command.HasValue)
            return "Shell command of task must have a value";
        if (resources.IsEmpty) return "Task uses no resources";
        if (!offered.Contains(resources))
            return $"Task uses more resources {resources} than available {offered}";
        return null;
    }
}
