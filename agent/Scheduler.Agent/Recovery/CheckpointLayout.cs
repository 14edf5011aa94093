using Scheduler.Agent.Tasks;

namespace Scheduler.Agent.Recovery;

/// <summary>
/// Where the agent checkpoints, after Mesos's <c>meta/</c> directory: <c>&lt;work_dir&gt;/meta/{boot_id,agent.info,resources.info}</c>
/// and per task <c>meta/frameworks/&lt;framework&gt;/tasks/&lt;task&gt;/{framework.info,task.info,container.id,task.updates}</c>.
/// </summary>
public sealed class CheckpointLayout(string workDirectory)
{
    public string MetaDirectory { get; } = Path.Combine(Path.GetFullPath(workDirectory), "meta");

    public string BootIdFile => Path.Combine(MetaDirectory, "boot_id");

    public string AgentInfoFile => Path.Combine(MetaDirectory, "agent.info");

    /// <summary>The agent's dynamic reservations, as the master last sent them.</summary>
    public string ResourcesFile => Path.Combine(MetaDirectory, "resources.info");

    public string FrameworksDirectory => Path.Combine(MetaDirectory, "frameworks");

    public string TaskDirectory(string frameworkId, string taskId) =>
        Path.Combine(MetaDirectory, SandboxLayout.RelativePath(frameworkId, taskId));

    public static string FrameworkInfoFile(string taskDirectory) => Path.Combine(taskDirectory, "framework.info");

    public static string TaskInfoFile(string taskDirectory) => Path.Combine(taskDirectory, "task.info");

    public static string ContainerIdFile(string taskDirectory) => Path.Combine(taskDirectory, "container.id");

    public static string UpdatesFile(string taskDirectory) => Path.Combine(taskDirectory, "task.updates");
}
