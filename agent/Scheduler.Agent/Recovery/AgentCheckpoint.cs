using Google.Protobuf;
using NLog;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;

namespace Scheduler.Agent.Recovery;

/// <summary>
/// Reads and writes the agent's checkpoint (<see cref="CheckpointLayout"/>): the agent's id and info, and per task
/// its framework, task, container and status update log. A task is checkpointed before its container is launched.
/// </summary>
public sealed class AgentCheckpoint(string workDirectory)
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public CheckpointLayout Layout { get; } = new(workDirectory);

    public void SaveAgent(AgentInfo info, string bootId)
    {
        Directory.CreateDirectory(Layout.MetaDirectory);
        WriteAtomically(Layout.AgentInfoFile, info.ToByteArray());
        WriteAtomically(Layout.BootIdFile, System.Text.Encoding.UTF8.GetBytes(bootId + "\n"));
    }

    /// <summary>Keeps the agent's dynamic reservations; they outlive agent restarts and reboots.</summary>
    public void SaveResources(CheckpointResources resources)
    {
        Directory.CreateDirectory(Layout.MetaDirectory);
        WriteAtomically(Layout.ResourcesFile, resources.ToByteArray());
    }

    public void SaveTask(FrameworkInfo framework, TaskInfo task, string containerId)
    {
        var directory = Layout.TaskDirectory(framework.Id.Value, task.TaskId.Value);
        Directory.CreateDirectory(directory);
        WriteAtomically(CheckpointLayout.FrameworkInfoFile(directory), framework.ToByteArray());
        WriteAtomically(CheckpointLayout.TaskInfoFile(directory), task.ToByteArray());
        WriteAtomically(CheckpointLayout.ContainerIdFile(directory), System.Text.Encoding.UTF8.GetBytes(containerId));
    }

    public bool HasTask(string frameworkId, string taskId)
    {
        try
        {
            return Directory.Exists(Layout.TaskDirectory(frameworkId, taskId));
        }
        catch (ArgumentException)
        {
            return false; // Ids that cannot name a directory are never checkpointed.
        }
    }

    public void AppendUpdate(StatusUpdateReported update) =>
        StatusUpdateLog.AppendUpdate(
            CheckpointLayout.UpdatesFile(Layout.TaskDirectory(update.FrameworkId.Value, update.Status.TaskId.Value)), update);

    public void AppendAcknowledgement(string frameworkId, string taskId, Guid uuid) =>
        StatusUpdateLog.AppendAcknowledgement(CheckpointLayout.UpdatesFile(Layout.TaskDirectory(frameworkId, taskId)), uuid);

    /// <summary>Forgets a task whose terminal update was acknowledged.</summary>
    public void RemoveTask(string frameworkId, string taskId)
    {
        var directory = Layout.TaskDirectory(frameworkId, taskId);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    /// <summary>Forgets everything, e.g. after a reboot: the agent starts afresh.</summary>
    public void Clear()
    {
        if (Directory.Exists(Layout.MetaDirectory)) Directory.Delete(Layout.MetaDirectory, recursive: true);
    }

    public AgentCheckpointState Load()
    {
        if (!Directory.Exists(Layout.MetaDirectory)) return AgentCheckpointState.Empty;
        var agent = TryRead(Layout.AgentInfoFile) is { } agentBytes ? AgentInfo.Parser.ParseFrom(agentBytes) : null;
        var bootId = TryRead(Layout.BootIdFile) is { } bootBytes ? System.Text.Encoding.UTF8.GetString(bootBytes).Trim() : null;
        var tasks = new List<TaskCheckpoint>();
        if (Directory.Exists(Layout.FrameworksDirectory))
        {
            foreach (var taskDirectory in Directory.GetDirectories(Layout.FrameworksDirectory)
                         .SelectMany(framework => Directory.Exists(Path.Combine(framework, "tasks"))
                             ? Directory.GetDirectories(Path.Combine(framework, "tasks"))
                             : []))
            {
                if (LoadTask(taskDirectory) is { } task) tasks.Add(task);
            }
        }
        var resources = TryRead(Layout.ResourcesFile) is { } resourceBytes
            ? CheckpointResources.Parser.ParseFrom(resourceBytes).Resources.ToList()
            : [];
        return new AgentCheckpointState(agent, bootId, tasks) { Resources = resources };
    }

    private static TaskCheckpoint? LoadTask(string directory)
    {
        var framework = TryRead(CheckpointLayout.FrameworkInfoFile(directory));
        var task = TryRead(CheckpointLayout.TaskInfoFile(directory));
        if (framework is null || task is null)
        {
            // The agent died while checkpointing the task, before launching it.
            Log.Warn("Discarding the incomplete task checkpoint {0}", directory);
            Directory.Delete(directory, recursive: true);
            return null;
        }
        var containerId = TryRead(CheckpointLayout.ContainerIdFile(directory)) is { } id ? System.Text.Encoding.UTF8.GetString(id) : null;
        return new TaskCheckpoint(FrameworkInfo.Parser.ParseFrom(framework), TaskInfo.Parser.ParseFrom(task), containerId,
            StatusUpdateLog.Replay(CheckpointLayout.UpdatesFile(directory)));
    }

    private static byte[]? TryRead(string file) => File.Exists(file) ? File.ReadAllBytes(file) : null;

    private static void WriteAtomically(string file, byte[] bytes)
    {
        File.WriteAllBytes(file + ".tmp", bytes);
        File.Move(file + ".tmp", file, overwrite: true);
    }
}
