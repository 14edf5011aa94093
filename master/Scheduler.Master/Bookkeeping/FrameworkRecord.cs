using Scheduler.Protocol.V1;

namespace Scheduler.Master.Bookkeeping;

/// <summary>What the master knows of one framework: its info, its stream, its tasks.</summary>
public sealed class FrameworkRecord(FrameworkInfo info, DateTimeOffset registeredAt)
{
    public const int MaxCompletedTasks = 1000;
    private string? _streamId;

    public FrameworkInfo Info { get; set; } = info;
    public string Id => Info.Id.Value;
    public string Role => Info.Roles.Count > 0 ? Info.Roles[0] : Info.HasRole ? Info.Role : "*";

    /// <summary>Every role the framework subscribed to: its <c>roles</c>, or else its one <c>role</c>.</summary>
    public IReadOnlyList<string> Roles => RolesOf(Info);
    public DateTimeOffset RegisteredAt { get; } = registeredAt;
    public string? StreamId
    {
        get => _streamId;
        set
        {
            _streamId = value;
            if (value is not null) LastStreamId = value;
        }
    }

    /// <summary>The stream of the latest subscription, kept after it disconnects, to match its failover timeout.</summary>
    public string? LastStreamId { get; private set; }
    public bool Connected => StreamId is not null;
    public bool Active { get; set; } = true;
    public OfferStats Stats { get; } = new();
    public Dictionary<string, Protocol.V1.Task> Tasks { get; } = new();
    public LinkedList<Protocol.V1.Task> CompletedTasks { get; } = new();

    /// <summary>Tasks on agents the master lost contact with, by task id (Mesos's <c>unreachable_tasks</c>).</summary>
    public Dictionary<string, Protocol.V1.Task> UnreachableTasks { get; } = new();

    /// <summary>Whether the framework asked for TASK_UNREACHABLE and TASK_GONE rather than TASK_LOST.</summary>
    public bool PartitionAware => Info.Capabilities.Any(c => c.Type == FrameworkInfo.Types.Capability.Types.Type.PartitionAware);

    /// <summary>Executors the framework launched task groups under, by executor id.</summary>
    public Dictionary<string, ExecutorRecord> Executors { get; } = new();

    /// <summary>Every role a framework of this info subscribes to: its <c>roles</c>, or else its one <c>role</c> (<c>*</c> by default).</summary>
    public static IReadOnlyList<string> RolesOf(FrameworkInfo info) =>
        info.Roles.Count > 0 ? info.Roles.Distinct().ToList() : [info.HasRole ? info.Role : "*"];

    public void Complete(Protocol.V1.Task task)
    {
        Tasks.Remove(task.TaskId.Value);
        CompletedTasks.AddLast(task);
        if (CompletedTasks.Count > MaxCompletedTasks) CompletedTasks.RemoveFirst();
    }
}
