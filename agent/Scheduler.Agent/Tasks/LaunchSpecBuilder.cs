using System.Globalization;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Docker;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Agent.Tasks;

/// <summary>Turns a task the master sent into what the containerizer launches.</summary>
public static class LaunchSpecBuilder
{
    public static ContainerLaunchSpec Build(FrameworkID frameworkId, TaskInfo task, string sandbox, LaunchDefaults? defaults = null)
    {
        defaults ??= LaunchDefaults.None;
        var resources = ResourceSet.FromProto(task.Resources);
        var command = task.Command ?? throw new ArgumentException("Task has no command");
        var environment = command.Environment?.Variables
            .Where(v => v.HasName)
            .ToDictionary(v => v.Name, v => v.HasValue ? v.Value : "") ?? new Dictionary<string, string>();
        var docker = DockerLaunchSpecs.From(task.Container);
        // In a Docker container a command without a value runs the image's own entrypoint with all the arguments.
        var executable = command.Shell || (docker is not null && !command.HasValue) ? null : command.Value;
        return new ContainerLaunchSpec
        {
            ContainerId = Guid.NewGuid().ToString(),
            FrameworkId = frameworkId.Value,
            TaskId = task.TaskId.Value,
            Shell = command.Shell ? command.Value : null,
            Executable = executable,
            Arguments = command.Shell ? [] : command.Arguments.Skip(executable is not null && command.Arguments.Count > 0 ? 1 : 0).ToList(),
            Environment = environment,
            SandboxDirectory = sandbox,
            Cpus = resources.Cpus ?? 0.1,
            MemoryMegabytes = resources.MemMegabytes ?? 32,
            Pids = PidsLimit(task, defaults),
            User = User(command, defaults, docker),
            Docker = docker,
        };
    }

    // An image need not know the framework's user, so a Docker task only runs as a user its command names.
    private static string? User(CommandInfo command, LaunchDefaults defaults, DockerLaunchSpec? docker) =>
        command.HasUser && command.User.Length > 0 ? command.User
        : docker is null && !string.IsNullOrEmpty(defaults.FrameworkUser) ? defaults.FrameworkUser
        : null;

    private static long? PidsLimit(TaskInfo task, LaunchDefaults defaults)
    {
        var label = task.Labels?.Labels_.LastOrDefault(l => l.Key == LaunchDefaults.PidsLimitLabel);
        if (label is null)
            return defaults.PidsLimit;
        return long.TryParse(label.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? limit
            : throw new ArgumentException($"Label {LaunchDefaults.PidsLimitLabel} must be a positive integer, got '{label.Value}'.");
    }
}
