using System.Collections.Concurrent;
using System.Diagnostics;
using Scheduler.Protocol;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Benchmarks;

/// <summary>
/// The latest state of each task as the agent reports it, and waits for every task to reach a state;
/// a task ending in any other terminal state fails the wait with its message.
/// </summary>
public sealed class TaskStateTally(int tasks)
{
    private readonly ConcurrentDictionary<string, TaskState> latest = new();
    private readonly Lock gate = new();
    private readonly Dictionary<TaskState, (int Count, TaskCompletionSource Done)> reached = new();
    private readonly Dictionary<TaskState, List<long>> arrivals = new();

    public void Record(string taskId, TaskState state, string message)
    {
        latest[taskId] = state;
        lock (gate)
        {
            if (TaskStates.IsTerminal(state) && state is not (TaskState.TaskKilled or TaskState.TaskFinished))
            {
                foreach (var (_, done) in reached.Values)
                    done.TrySetException(new InvalidOperationException($"Task {taskId} ended {state}: {message}"));
            }
            if (!arrivals.TryGetValue(state, out var times)) arrivals[state] = times = [];
            times.Add(Stopwatch.GetTimestamp());
            var (count, completion) = Entry(state);
            reached[state] = (count + 1, completion);
            if (count + 1 >= tasks) completion.TrySetResult();
        }
    }

    /// <summary>Completes once every task has reported <paramref name="state"/>.</summary>
    public Task AllReached(TaskState state)
    {
        lock (gate)
            return Entry(state).Done.Task;
    }

    public int CountIn(TaskState state) => latest.Values.Count(s => s == state);

    /// <summary>How long after <paramref name="start"/> (a <see cref="Stopwatch"/> timestamp) the given share of the
    /// tasks had reported <paramref name="state"/>.</summary>
    public TimeSpan TimeToShare(TaskState state, long start, double share)
    {
        lock (gate)
        {
            var times = arrivals.GetValueOrDefault(state) ?? [];
            if (times.Count == 0) return TimeSpan.Zero;
            var index = Math.Clamp((int)Math.Ceiling(share * times.Count) - 1, 0, times.Count - 1);
            return Stopwatch.GetElapsedTime(start, times.Order().ElementAt(index));
        }
    }

    private (int Count, TaskCompletionSource Done) Entry(TaskState state)
    {
        if (!reached.TryGetValue(state, out var entry))
        {
            entry = (0, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            reached[state] = entry;
        }
        return entry;
    }
}
