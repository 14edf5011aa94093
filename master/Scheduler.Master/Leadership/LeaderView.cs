namespace Scheduler.Master.Leadership;

/// <summary>What one master node knows of the leading master: itself, another node at an HTTP address, or none yet.</summary>
public sealed record LeaderView(bool SelfLeads, Uri? LeaderHttp)
{
    public static LeaderView NoLeader { get; } = new(false, null);
    public static LeaderView Self { get; } = new(true, null);

    public static LeaderView Other(Uri leaderHttp) => new(false, leaderHttp);
}
