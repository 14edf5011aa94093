using System.Diagnostics;

namespace Scheduler.Benchmarks;

/// <summary>Counts events from many actors and records when the count reaches its target.</summary>
public sealed class FailoverCountdown(int target)
{
    private readonly TaskCompletionSource<long> _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp of the event that reached the target.</summary>
    public Task<long> Reached => _reached.Task;

    public void Signal()
    {
        if (Interlocked.Increment(ref _count) == target) _reached.TrySetResult(Stopwatch.GetTimestamp());
    }
}
