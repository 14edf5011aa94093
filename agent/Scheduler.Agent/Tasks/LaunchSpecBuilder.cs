using Scheduler.Agent.Containers;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Agent.Tasks;

/// <summary>Turns a task the master sent into what the containerizer launches.</summary>
public static class LaunchSpecBuilder
{
    public static ContainerLaunchSpec Build(FrameworkID frameworkId, TaskInfo task, string sandbox)
    {
        var resources = ResourceSet.FromProto(task.Resources);
        var command = task.Command ?? throw new ArgumentException("Task has no command");
        var environment = command.Environment?.Variables
            .Where(v => v.HasName)
            .ToDictionary(v => v.Name, v => v.HasValue ? v.Value : "") ?? new Dictionary<string, string>();
        return new ContainerLaunchSpec
        {
            ContainerId = Guid.NewGuid().ToString(),
            FrameworkId = frameworkId.Value,
            TaskId = task.TaskId.Value,
            Shell = command.Shell ? command.Value : null,
            Executable = command.Shell ? null : command.Value,
            Arguments = command.Shell ? [] : command.Arguments.Skip(command.Arguments.Count > 0 ? 1 : 0).ToList(),
            Environment = environment,
            SandboxDirectory = sandbox,
            Cpus = resources.Cpus ?? 0.1,
            MemoryMegabytes = resources.MemMegabytes ?? 32,
            User = command.HasUser ? command.User : null,
        };
    }
}
