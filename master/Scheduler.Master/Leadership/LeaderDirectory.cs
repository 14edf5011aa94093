namespace Scheduler.Master.Leadership;

/// <summary>The latest <see cref="LeaderView"/> of this node, written by the leader tracker and read by HTTP requests.</summary>
public sealed class LeaderDirectory(LeaderView initial)
{
    private volatile LeaderView _current = initial;

    public LeaderView Current => _current;

    public void Update(LeaderView view) => _current = view;
}
