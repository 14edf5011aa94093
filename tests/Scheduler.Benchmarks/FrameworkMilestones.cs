using System.Diagnostics;

namespace Scheduler.Benchmarks;

/// <summary>When a framework's subscription was answered, its first offer arrived and every agent had been offered (<see cref="Stopwatch"/> timestamps).</summary>
public sealed class FrameworkMilestones(int agents)
{
    private readonly TaskCompletionSource<(long Timestamp, string FrameworkId)> _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _firstOffer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _offeredAgents = new(StringComparer.Ordinal);
    private readonly FailoverCountdown _allOffered = new(agents);

    public Task<(long Timestamp, string FrameworkId)> Subscribed => _subscribed.Task;
    public Task<long> FirstOffer => _firstOffer.Task;
    public Task<long> AllAgentsOffered => _allOffered.Reached;

    public void SubscriptionAnswered(string? frameworkId, string? error)
    {
        if (frameworkId is not null) _subscribed.TrySetResult((Stopwatch.GetTimestamp(), frameworkId));
        else _subscribed.TrySetException(new InvalidOperationException($"Subscription refused: {error}"));
    }

    /// <summary>Called from one actor only.</summary>
    public void Offered(IEnumerable<string> agentIds)
    {
        _firstOffer.TrySetResult(Stopwatch.GetTimestamp());
        foreach (var agentId in agentIds)
            if (_offeredAgents.Add(agentId)) _allOffered.Signal();
    }
}
