namespace Scheduler.Master.Leadership;

/// <summary>A cluster member carrying the master role, as the leader election sees it.</summary>
public sealed record MasterMemberView(string ClusterAddress, IReadOnlyCollection<string> Roles, bool Reachable);
