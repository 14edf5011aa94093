using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Checks a LAUNCH_GROUP before any of its tasks is launched, as Mesos's master: the group is launched whole or
/// not at all. Only the default executor (tasks run by the agent itself) is supported.
/// </summary>
public static class TaskGroupValidation
{
    /// <param name="offerRole">The role of the offer: resources without an allocation role are allocated to it.</param>
    /// <param name="offered">What is left of the offers when the operation comes.</param>
    /// <param name="runningExecutor">The executor already running on the agent under this id, if any: its resources are not asked for again.</param>
    /// <param name="taskResources">Each task's resources, allocated to their role, in the group's order.</param>
    /// <param name="executorResources">The executor's resources when it is new, else empty.</param>
    public static string? Validate(
        Offer.Types.Operation.Types.LaunchGroup launch, FrameworkRecord framework, string agentId, string offerRole,
        ResourceSet offered, ExecutorRecord? runningExecutor,
        out List<ResourceSet> taskResources, out ResourceSet executorResources)
    {
        taskResources = [];
        executorResources = ResourceSet.Empty;
        var executor = launch.Executor;
        if (executor?.ExecutorId is null || string.IsNullOrWhiteSpace(executor.ExecutorId.Value))
            return "'ExecutorInfo.executor_id' must be present";
        if (executor.HasType && executor.Type != ExecutorInfo.Types.Type.Default)
            return "Only the DEFAULT executor is supported with LAUNCH_GROUP";
        if (executor.FrameworkId is not null && executor.FrameworkId.Value != framework.Id)
            return $"ExecutorInfo has an invalid FrameworkID (Actual: {executor.FrameworkId.Value} vs Expected: {framework.Id})";
        if (runningExecutor is not null && runningExecutor.AgentId != agentId)
            return $"Executor '{executor.ExecutorId.Value}' already runs on agent {runningExecutor.AgentId}";
        if (launch.TaskGroup is null || launch.TaskGroup.Tasks.Count == 0) return "Task group must contain at least one task";

        var left = offered;
        if (runningExecutor is null)
        {
            if (!ResourceSet.TryFromProto(executor.Resources, out var parsed, out var error)) return $"Executor has invalid resources: {error}";
            executorResources = OfferRole.Inject(parsed, offerRole);
            if (!left.Contains(executorResources))
                return $"Executor uses more resources {executorResources} than available {left}";
            left -= executorResources;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in launch.TaskGroup.Tasks)
        {
            if (task.Executor is not null) return $"Task '{task.TaskId?.Value}': 'TaskInfo.executor' must not be set";
            if (task.TaskId is not null && !ids.Add(task.TaskId.Value)) return $"Task group has duplicate task ID: {task.TaskId.Value}";
            if (task.AgentId is not null && task.AgentId.Value != agentId)
                return $"Task '{task.TaskId?.Value}' has an agent ID '{task.AgentId.Value}' that does not match the offers' '{agentId}'";
            if (!ResourceSet.TryFromProto(task.Resources, out var parsed, out var error)) return $"Task '{task.TaskId?.Value}': Invalid resources: {error}";
            var resources = OfferRole.Inject(parsed, offerRole);
            var invalid = TaskValidation.Validate(task, resources, left, framework);
            if (invalid is not null) return $"Task '{task.TaskId?.Value}': {invalid}";
            left -= resources;
            taskResources.Add(resources);
        }
        return null;
    }
}
