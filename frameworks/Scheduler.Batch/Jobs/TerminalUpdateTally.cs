using Google.Protobuf;
using Scheduler.Protocol;
using Scheduler.Protocol.V1;

namespace Scheduler.Batch.Jobs;

/// <summary>
/// How often one attempt was told it ended. Status updates are delivered at least once, so the same update can come
/// again (after an agent or master failover); an update with a UUID already seen is a <see cref="Duplicates">duplicate</see>.
/// An update without a UUID (made by the master, or answering a reconciliation) repeats the news when an earlier update
/// reported the same state, and an update with a new UUID repeats it when an earlier one without a UUID did. More than one <see cref="Distinct"/> update means
/// the cluster reported two different ends of one task. Kept in memory only, since the framework started.
/// </summary>
public sealed class TerminalUpdateTally
{
    private readonly HashSet<ByteString> uuids = [];
    private readonly HashSet<TaskState> states = [];
    private readonly HashSet<TaskState> statesWithoutUuid = [];

    /// <summary>Updates that each reported a different end of the attempt.</summary>
    public int Distinct { get; private set; }

    /// <summary>Updates that repeated an end already reported.</summary>
    public int Duplicates { get; private set; }

    /// <summary>The states of the distinct updates, in the order they came.</summary>
    public List<TaskState> DistinctStates { get; } = [];

    /// <summary>Whether the update ends an attempt: a terminal state, or TASK_UNKNOWN (the master does not know it).</summary>
    public static bool Ends(TaskState state) => TaskStates.IsTerminal(state) || state == TaskState.TaskUnknown;

    /// <summary>Counts <paramref name="status"/> if it ends an attempt.</summary>
    public void Count(TaskStatus status)
    {
        if (!Ends(status.State)) return;
        var hasUuid = status.HasUuid && !status.Uuid.IsEmpty;
        var repeated = hasUuid
            ? !uuids.Add(status.Uuid) || statesWithoutUuid.Contains(status.State)
            : states.Contains(status.State);
        states.Add(status.State);
        if (!hasUuid) statesWithoutUuid.Add(status.State);
        if (repeated) Duplicates++;
        else
        {
            Distinct++;
            DistinctStates.Add(status.State);
        }
    }
}
